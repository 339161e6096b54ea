<?php

declare(strict_types=1);

namespace WHMCS\Domains\DomainLookup;

/**
 * What CheckAvailability and GetDomainSuggestions return: SearchResult objects.
 */
class ResultsList extends \WHMCS\Results\ResultsList
{
}
