<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Cron;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Mail\ExpiryPreviewMail;
use WHMCS\Module\Registrar\Odr\Mail\ReportMailer;
use WHMCS\Module\Registrar\Odr\Whmcs\PanelDomains;
use WHMCS\Module\Registrar\Odr\Whmcs\SystemSettings;

/**
 * "Preview expiry sync" (admin button) and the daily preview while "Expiry sync preview" is on:
 * what the expiry sync would change, e-mailed to the admins. Writes nothing to the domains.
 */
final class PreviewExpirySync extends ContextAction
{
    public function __invoke(array $params): array
    {
        $this->send(false);

        return ['success' => true];
    }

    /**
     * @param bool $onlyChanges true for the daily run: no e-mail when nothing would change
     * @return ExpiryPreviewMail|null the mail that was sent
     */
    public function send(bool $onlyChanges): ?ExpiryPreviewMail
    {
        $domains = (new PanelDomains())->synced();
        $rows = $this->context->component()->call('expiry-preview', [
            'panel-domains' => $domains,
            'next-due-offset-days' => (new SystemSettings())->nextDueOffsetDays(),
        ]);
        $mail = new ExpiryPreviewMail($rows, count($domains));
        if ($onlyChanges && !$mail->hasChanges()) {
            return null;
        }
        $recipient = (new ReportMailer($this->context->localApi()))->sendToAdmins($mail);
        $this->context->localApi()->call('LogActivity', [
            'description' => sprintf('ODR: %s; e-mailed to %s', $mail->summary(), $recipient),
        ]);

        return $mail;
    }
}
