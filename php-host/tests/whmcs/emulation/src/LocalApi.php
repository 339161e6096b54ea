<?php

declare(strict_types=1);

namespace OdrTests\Whmcs\Emulation;

/**
 * localAPI(): the internal API commands a registrar module uses, each call recorded.
 */
final class LocalApi
{
    /** @var list<array{command: string, values: array<string, mixed>, admin: string, result: array<string, mixed>}> */
    public array $calls = [];

    public function __construct(private readonly Whmcs $whmcs)
    {
    }

    /**
     * @param array<string, mixed> $values
     * @return array<string, mixed>
     */
    public function call(string $command, array $values, string $adminUser): array
    {
        $result = $this->dispatch($command, $values, $adminUser);
        $this->calls[] = ['command' => $command, 'values' => $values, 'admin' => $adminUser, 'result' => $result];

        return $result;
    }

    /**
     * The calls of one command.
     *
     * @return list<array{command: string, values: array<string, mixed>, admin: string, result: array<string, mixed>}>
     */
    public function callsOf(string $command): array
    {
        return array_values(array_filter($this->calls, static fn (array $call): bool => $call['command'] === $command));
    }

    /**
     * @param array<string, mixed> $values
     * @return array<string, mixed>
     */
    private function dispatch(string $command, array $values, string $adminUser): array
    {
        if ($adminUser !== '' && !$this->whmcs->capsule->table('tbladmins')->where('username', $adminUser)->exists()) {
            return self::error('No matching admin user found');
        }

        return match ($command) {
            'GetClientsDetails' => $this->getClientsDetails($values),
            'GetClientsDomains' => $this->getClientsDomains($values),
            'UpdateClientDomain' => $this->updateClientDomain($values),
            'LogActivity' => $this->logActivity($values),
            'SendEmail' => $this->sendEmail($values),
            'SendAdminEmail' => $this->sendAdminEmail($values),
            'GetContacts' => $this->getContacts($values),
            default => self::error('Command Not Found'),
        };
    }

    /** @param array<string, mixed> $values */
    private function getClientsDetails(array $values): array
    {
        $query = $this->whmcs->capsule->table('tblclients');
        if (isset($values['clientid'])) {
            $query->where('id', (int) $values['clientid']);
        } elseif (isset($values['email'])) {
            $query->where('email', (string) $values['email']);
        } else {
            return self::error('Client ID or Email Address Required');
        }
        $row = $query->first();
        if ($row === null) {
            return self::error('Client Not Found');
        }
        $client = ClientDetails::fromRow($row);

        return ['result' => 'success'] + $client + ['client' => $client];
    }

    /** @param array<string, mixed> $values */
    private function getClientsDomains(array $values): array
    {
        $query = $this->whmcs->capsule->table('tbldomains')->orderBy('id');
        if (!empty($values['clientid'])) {
            $query->where('userid', (int) $values['clientid']);
        }
        if (!empty($values['domainid'])) {
            $query->where('id', (int) $values['domainid']);
        }
        if (!empty($values['domain'])) {
            $query->where('domain', (string) $values['domain']);
        }
        $total = (clone $query)->count();
        $start = (int) ($values['limitstart'] ?? 0);
        $limit = (int) ($values['limitnum'] ?? 25);
        $domains = [];
        foreach ($query->skip($start)->take($limit)->get() as $row) {
            $domains[] = [
                'id' => (int) $row->id,
                'userid' => (int) $row->userid,
                'orderid' => (int) $row->orderid,
                'regtype' => (string) $row->type,
                'domainname' => (string) $row->domain,
                'registrar' => (string) $row->registrar,
                'regperiod' => (int) $row->registrationperiod,
                'firstpaymentamount' => (string) $row->firstpaymentamount,
                'recurringamount' => (string) $row->recurringamount,
                'paymentmethod' => (string) $row->paymentmethod,
                'paymentmethodname' => (string) $row->paymentmethod,
                'regdate' => DomainTable::dateOf($row->registrationdate),
                'expirydate' => DomainTable::dateOf($row->expirydate),
                'nextduedate' => DomainTable::dateOf($row->nextduedate),
                'status' => (string) $row->status,
                'subscriptionid' => (string) $row->subscriptionid,
                'promoid' => (int) $row->promoid,
                'dnsmanagement' => (int) $row->dnsmanagement,
                'emailforwarding' => (int) $row->emailforwarding,
                'idprotection' => (int) $row->idprotection,
                'donotrenew' => (int) $row->donotrenew,
                'notes' => (string) $row->additionalnotes,
            ];
        }

        return [
            'result' => 'success',
            'clientid' => (int) ($values['clientid'] ?? 0),
            'domainid' => (int) ($values['domainid'] ?? 0),
            'totalresults' => $total,
            'startnumber' => $start,
            'numreturned' => count($domains),
            'domains' => ['domain' => $domains],
        ];
    }

    /** @param array<string, mixed> $values */
    private function updateClientDomain(array $values): array
    {
        $id = (int) ($values['domainid'] ?? 0);
        if ($this->whmcs->domains->find($id) === null) {
            return self::error('Domain ID Not Found');
        }
        $map = [
            'status' => 'status', 'expirydate' => 'expirydate', 'nextduedate' => 'nextduedate',
            'regdate' => 'registrationdate', 'regperiod' => 'registrationperiod', 'registrar' => 'registrar',
            'donotrenew' => 'donotrenew', 'notes' => 'additionalnotes', 'dnsmanagement' => 'dnsmanagement',
            'emailforwarding' => 'emailforwarding', 'idprotection' => 'idprotection',
            'recurringamount' => 'recurringamount', 'domain' => 'domain',
        ];
        $fields = [];
        foreach ($map as $key => $column) {
            if (array_key_exists($key, $values)) {
                $fields[$column] = $values[$key];
            }
        }
        if (isset($fields['status']) && !in_array($fields['status'], Schema::DOMAIN_STATUSES, true)) {
            return self::error('Invalid Domain Status');
        }
        $this->whmcs->domains->update($id, $fields);

        return ['result' => 'success', 'domainid' => $id];
    }

    /** @param array<string, mixed> $values */
    private function logActivity(array $values): array
    {
        $description = (string) ($values['description'] ?? '');
        if ($description === '') {
            return self::error('Description is required');
        }
        $this->whmcs->logActivity($description, (int) ($values['clientid'] ?? 0));

        return ['result' => 'success'];
    }

    /** @param array<string, mixed> $values */
    private function sendEmail(array $values): array
    {
        $id = (int) ($values['id'] ?? 0);
        $template = isset($values['messagename']) ? (string) $values['messagename'] : null;
        $type = (string) ($values['customtype'] ?? 'general');
        if ($template === null && !self::hasCustomMessage($values)) {
            return self::error('A message template name or a custom subject and message are required');
        }
        $userId = match ($type) {
            'domain' => (int) ($this->whmcs->domains->find($id)?->userid ?? 0),
            'general' => $id,
            default => null,
        };
        if ($userId === null) {
            return self::error('Unsupported custom type in the emulation: ' . $type);
        }
        $client = $this->whmcs->capsule->table('tblclients')->where('id', $userId)->first();
        if ($client === null) {
            return self::error('Related ID Not Found');
        }
        $subject = (string) ($values['customsubject'] ?? $template);
        $message = (string) ($values['custommessage'] ?? '');
        $vars = (array) ($values['customvars'] ?? []);
        $this->whmcs->outbox->add((string) $client->email, $userId, $template, $subject, $message, $id, $vars);
        $this->whmcs->capsule->table('tblemails')->insert([
            'userid' => $userId,
            'subject' => $subject,
            'message' => $message,
            'date' => $this->whmcs->clock->now()->format('Y-m-d H:i:s'),
            'to' => (string) $client->email,
        ]);

        return ['result' => 'success'];
    }

    /** @param array<string, mixed> $values */
    private function sendAdminEmail(array $values): array
    {
        $template = isset($values['messagename']) ? (string) $values['messagename'] : null;
        if ($template === null && !self::hasCustomMessage($values)) {
            return self::error('A message template name or a custom subject and message are required');
        }
        $this->whmcs->outbox->add(
            'admins',
            0,
            $template,
            (string) ($values['customsubject'] ?? $template),
            (string) ($values['custommessage'] ?? ''),
            0,
            (array) ($values['mergefields'] ?? []),
        );

        return ['result' => 'success'];
    }

    /** @param array<string, mixed> $values */
    private function getContacts(array $values): array
    {
        $query = $this->whmcs->capsule->table('tblcontacts')->orderBy('id');
        if (!empty($values['userid'])) {
            $query->where('userid', (int) $values['userid']);
        }
        $contacts = array_map(static fn (object $row): array => (array) $row, $query->get()->all());

        return [
            'result' => 'success',
            'totalresults' => count($contacts),
            'startnumber' => 0,
            'numreturned' => count($contacts),
            'contacts' => ['contact' => $contacts],
        ];
    }

    /** @param array<string, mixed> $values */
    private static function hasCustomMessage(array $values): bool
    {
        return ($values['customsubject'] ?? '') !== '' && ($values['custommessage'] ?? '') !== '';
    }

    /** @return array{result: string, message: string} */
    private static function error(string $message): array
    {
        return ['result' => 'error', 'message' => $message];
    }
}
