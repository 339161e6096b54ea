<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Domain;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;

/**
 * GetEPPCode: the code for WHMCS to display, or plain success when ODR e-mailed it to the
 * registrant (WHMCS then tells the client to check their e-mail).
 */
final class GetEppCode extends ContextAction
{
    public function __invoke(array $params): array
    {
        $answer = $this->context->component()->call('get-auth-code', ['domain' => DomainName::fromParams($params)]);
        if (is_array($answer) && array_key_exists('code', $answer)) {
            return ['eppcode' => (string) $answer['code']];
        }

        return ['success' => true];
    }
}
