<?php

declare(strict_types=1);

namespace WHMCS\Module\Registrar\Odr\Actions\Domain;

use WHMCS\Module\Registrar\Odr\Actions\ContextAction;
use Odr\Panel\ErrorMessage;
use WHMCS\Module\Registrar\Odr\Whmcs\DomainName;

/**
 * The DNSSEC page of a domain (client area button "DNSSEC", also reached by admins through
 * "Login as Client"): shows the domain's keys at ODR; a posted form replaces them (no rows:
 * cleared). The component checks every key before anything is sent.
 */
final class DnssecPage extends ContextAction
{
    public const FUNCTION = 'dnssec';

    /** @var array<string, mixed> the posted form (WHMCS passes it only in $_POST) */
    private array $form;

    /** @param array<string, mixed>|null $form the posted form; null: $_POST */
    public function __construct(\WHMCS\Module\Registrar\Odr\Context $context, ?array $form = null)
    {
        parent::__construct($context);
        $this->form = $form ?? $_POST;
    }

    public function __invoke(array $params): array
    {
        $domain = DomainName::fromParams($params);
        $error = null;
        $saved = false;
        $keys = [];
        if (($this->form['odr_dnssec'] ?? '') === 'save') {
            $keys = self::postedKeys($this->form);
            try {
                $keys = $this->context->component()->call('set-dnssec', ['domain' => $domain, 'keys' => $keys]);
                $saved = true;
            } catch (\Odr\RegistrarException $e) {
                $error = ErrorMessage::of($e, $this->context->settings->secrets());
            }
        } else {
            $keys = $this->context->component()->call('get-dnssec', ['domain' => $domain]);
        }
        $domainId = (int) ($params['domainid'] ?? 0);

        return [
            'templatefile' => 'dnssec',
            'breadcrumb' => [
                'clientarea.php?action=domaindetails&domainid=' . $domainId . '&modop=custom&a=' . self::FUNCTION
                    => 'DNSSEC',
            ],
            'vars' => [
                'odrDomain' => $domain,
                'odrDomainId' => $domainId,
                'odrKeys' => array_values((array) $keys),
                'odrError' => $error,
                'odrSaved' => $saved,
            ],
        ];
    }

    /**
     * The rows of the form as WIT dnssec-keys; rows without a key are left out, numbers that are
     * not numbers become 0 (the component refuses them with a message per key).
     *
     * @param array<string, mixed> $form
     * @return list<array{flag: int, protocol: int, algorithm: int, public-key: string}>
     */
    public static function postedKeys(array $form): array
    {
        $column = static fn (string $name): array => is_array($form[$name] ?? null) ? array_values($form[$name]) : [];
        $flags = $column('flag');
        $protocols = $column('protocol');
        $algorithms = $column('algorithm');
        $publicKeys = $column('publickey');
        $number = static function (mixed $value, int $max): int {
            $text = is_scalar($value) ? trim((string) $value) : '';

            return ctype_digit($text) && (int) $text <= $max ? (int) $text : 0;
        };
        $keys = [];
        foreach ($publicKeys as $i => $publicKey) {
            $publicKey = is_scalar($publicKey) ? trim((string) $publicKey) : '';
            if ($publicKey === '') {
                continue;
            }
            $keys[] = [
                'flag' => $number($flags[$i] ?? '', 65535),
                'protocol' => $number($protocols[$i] ?? '3', 255),
                'algorithm' => $number($algorithms[$i] ?? '', 255),
                'public-key' => $publicKey,
            ];
        }

        return $keys;
    }
}
