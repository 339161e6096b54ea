<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Search;

use WHMCS\Domains\DomainLookup\ResultsList;
use WHMCS\Domains\DomainLookup\SearchResult;
use WHMCS\Module\Registrar\Odr\Actions\ContextAction;

/**
 * GetDomainSuggestions: ODR has no suggestion service; the suggestions are the searched label
 * under the requested TLDs that are free, in the order WHMCS asked for them.
 */
final class GetDomainSuggestions extends ContextAction
{
    public function __invoke(array $params): ResultsList
    {
        $available = array_values(array_filter(
            (new CheckAvailability($this->context))->check($params),
            static fn (array $availability): bool => ($availability['status'] ?? '') === 'available',
        ));
        $results = new ResultsList();
        $count = count($available);
        $label = strtolower(trim((string) ($params['searchTerm'] ?? '')));
        foreach ($available as $rank => $availability) {
            $result = new SearchResult($label, (string) $availability['tld']);
            $result->setStatus(SearchResult::STATUS_NOT_REGISTERED);
            $result->setScore(round(($count - $rank) / $count, 3));
            $results->append($result);
        }

        return $results;
    }
}
