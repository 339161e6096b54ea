<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Mail;

use WHMCS\Module\Registrar\Odr\Whmcs\LocalApi;

/**
 * Sends report e-mails through WHMCS: to the client who owns a given domain, or to the admins.
 */
final class ReportMailer
{
    public function __construct(private readonly LocalApi $api)
    {
    }

    /**
     * To the owner of $primaryDomain (a domain e-mail, so WHMCS's domain merge fields apply);
     * to the admins when $primaryDomain is empty or not in WHMCS.
     *
     * @return string who got it, for the activity log
     */
    public function sendToOwnerOf(string $primaryDomain, ReportMail $mail): string
    {
        $domainId = $primaryDomain === '' ? 0 : $this->domainId($primaryDomain);
        if ($domainId === 0) {
            return $this->sendToAdmins($mail);
        }
        $this->api->call('SendEmail', [
            'customtype' => 'domain',
            'id' => $domainId,
            'customsubject' => $mail->subject(),
            'custommessage' => $mail->html(),
        ]);

        return 'the owner of ' . $primaryDomain;
    }

    /** @return string who got it, for the activity log */
    public function sendToAdmins(ReportMail $mail): string
    {
        $this->api->call('SendAdminEmail', [
            'type' => 'system',
            'customsubject' => $mail->subject(),
            'custommessage' => $mail->html(),
        ]);

        return 'the admins';
    }

    private function domainId(string $domain): int
    {
        $found = $this->api->call('GetClientsDomains', ['domain' => $domain, 'limitnum' => 1]);

        return (int) ($found['domains']['domain'][0]['id'] ?? 0);
    }
}
