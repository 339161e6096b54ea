<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Search;

use WHMCS\Domains\DomainLookup\ResultsList;
use WHMCS\Domains\DomainLookup\SearchResult;
use WHMCS\Module\Registrar\Odr\Actions\ContextAction;

/**
 * CheckAvailability (module chosen as Lookup Provider): the label under each requested TLD.
 */
final class CheckAvailability extends ContextAction
{
    public function __invoke(array $params): ResultsList
    {
        $results = new ResultsList();
        foreach ($this->check($params) as $availability) {
            $result = new SearchResult(self::searchTerm($params), (string) $availability['tld']);
            $result->setStatus(match ($availability['status'] ?? '') {
                'available' => SearchResult::STATUS_NOT_REGISTERED,
                'registered' => SearchResult::STATUS_REGISTERED,
                // Not sold by ODR to this account: WHMCS's own WHOIS lookup answers.
                'unsupported' => SearchResult::STATUS_TLD_NOT_SUPPORTED,
                default => SearchResult::STATUS_UNKNOWN,
            });
            $results->append($result);
        }

        return $results;
    }

    /**
     * The component's availability list for the search.
     *
     * @param array<string, mixed> $params
     * @return list<array<string, mixed>>
     */
    public function check(array $params): array
    {
        $label = (string) ($params['searchTerm'] ?? '');
        $punycode = trim((string) ($params['punyCodeSearchTerm'] ?? ''));
        if (!empty($params['isIdnDomain']) && $punycode !== '') {
            $label = $punycode;
        }
        // As WHMCS gave them: the component trims, lower-cases and deduplicates.
        $tlds = array_values(array_map('strval', array_filter(
            (array) ($params['tldsToInclude'] ?? []),
            'is_scalar',
        )));
        if (trim($label) === '' || $tlds === []) {
            return [];
        }

        return $this->context->component()->call('check-availability', ['label' => $label, 'tlds' => $tlds]);
    }

    /** @param array<string, mixed> $params */
    private static function searchTerm(array $params): string
    {
        return strtolower(trim((string) ($params['searchTerm'] ?? '')));
    }
}
