<?php

declare(strict_types=1);

namespace Odr\Panel;

/**
 * ODR contacts as get-contacts returns them (the WIT `odr-contact` record, per role). Their panel
 * form comes from the component (Component::panelContactOf): PHP does not know ODR's forms.
 */
final class OdrContact
{
    /**
     * The first contact per role of a get-contacts answer.
     *
     * @param list<array{0: string, 1: array<string, mixed>}> $contacts
     * @return array<string, array<string, mixed>> role => odr-contact
     */
    public static function byRole(array $contacts): array
    {
        $byRole = [];
        foreach ($contacts as [$role, $contact]) {
            $byRole[$role] ??= $contact;
        }

        return $byRole;
    }
}
