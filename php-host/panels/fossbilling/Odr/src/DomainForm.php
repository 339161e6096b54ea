<?php

declare(strict_types=1);

namespace Odr\Fossbilling;

/**
 * FOSSBilling's Registrar_Domain as the component's records: the `domain-order` of a
 * registration or transfer, its contacts per role and its nameservers.
 */
final class DomainForm
{
    /**
     * @return array<string, mixed> the WIT domain-order
     * @throws \InvalidArgumentException when FOSSBilling gave no registrant
     */
    public static function order(\Registrar_Domain $domain, ?string $authCode): array
    {
        [$registrant, $admin, $tech] = self::contacts($domain);

        return [
            'domain' => strtolower($domain->getName()),
            'period-years' => max(1, (int) $domain->getRegistrationPeriod()),
            'registrant' => $registrant,
            'admin' => $admin,
            'tech' => $tech,
            'nameservers' => self::nameservers($domain),
            'glue' => [],
            'auth-code' => $authCode,
        ];
    }

    /**
     * The registrant, admin and tech contacts as WIT panel-contacts (FOSSBilling's billing
     * contact has no ODR role).
     *
     * @return array{0: array<string, string>, 1: ?array<string, string>, 2: ?array<string, string>}
     * @throws \InvalidArgumentException when FOSSBilling gave no registrant
     */
    public static function contacts(\Registrar_Domain $domain): array
    {
        $registrant = $domain->getContactRegistrar();
        if (!$registrant instanceof \Registrar_Domain_Contact) {
            throw new \InvalidArgumentException(
                'FOSSBilling passed no registrant contact for ' . $domain->getName() . '.'
            );
        }
        $form = static fn (mixed $c): ?array
            => $c instanceof \Registrar_Domain_Contact ? ContactForm::toPanelContact($c) : null;

        return [
            ContactForm::toPanelContact($registrant),
            $form($domain->getContactAdmin()),
            $form($domain->getContactTech()),
        ];
    }

    /** @return list<string> the non-empty nameservers ns1 to ns4, in order */
    public static function nameservers(\Registrar_Domain $domain): array
    {
        $hosts = array_map(
            static fn (mixed $ns): string => strtolower(trim((string) $ns)),
            [$domain->getNs1(), $domain->getNs2(), $domain->getNs3(), $domain->getNs4()],
        );

        return array_values(array_filter($hosts, static fn (string $ns): bool => $ns !== ''));
    }
}
