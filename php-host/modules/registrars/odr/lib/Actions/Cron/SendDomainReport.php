<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Cron;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Mail\DomainReportMail;
use WHMCS\Module\Registrar\Odr\Mail\ReportMailer;
use WHMCS\Module\Registrar\Odr\Whmcs\PanelDomains;

/**
 * "Send domain report now" (admin button) and the daily report: the active WHMCS domains
 * against every page of the ODR domain list, e-mailed to the owner of the primary domain
 * (or the admins).
 */
final class SendDomainReport extends ContextAction
{
    public function __invoke(array $params): array
    {
        $this->send(false);

        return ['success' => true];
    }

    /**
     * @param bool $onlyDifferences true for the daily run: no e-mail when everything matches
     * @return DomainReportMail|null the mail that was sent
     */
    public function send(bool $onlyDifferences): ?DomainReportMail
    {
        $report = $this->context->component()->call('build-domain-report', [
            'panel-domains' => (new PanelDomains())->active(),
        ]);
        $mail = new DomainReportMail($report);
        if ($onlyDifferences && !$mail->hasDifferences()) {
            return null;
        }
        $recipient = (new ReportMailer($this->context->localApi()))
            ->sendToOwnerOf($this->context->settings->primaryDomain, $mail);
        $this->context->localApi()->call('LogActivity', [
            'description' => sprintf('ODR: %s; e-mailed to %s', $mail->summary(), $recipient),
        ]);

        return $mail;
    }
}
