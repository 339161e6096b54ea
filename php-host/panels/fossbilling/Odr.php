<?php

/**
 * Open Domain Registry (ODR) registrar adapter for FOSSBilling.
 *
 * FOSSBilling loads `library/Registrar/Adapter/Odr.php` and constructs Registrar_Adapter_Odr
 * with the registrar's saved configuration (the fields of getConfig()), then calls setLog() and,
 * for a registrar in test mode, enableTestMode(). Every method maps a Registrar_Domain onto one
 * call of the ODR component (Odr/component/odr_registrar.cwasm, run by the `odr` PHP extension),
 * which holds every ODR rule; this class holds FOSSBilling's shapes only. HTTP goes through PHP's
 * cURL, state lives in FOSSBilling's database (table odr_state), logs go to FOSSBilling's logger.
 * Failures are thrown as Registrar_Exception with a message an admin can act on.
 */

// phpcs:disable PSR1.Files.SideEffects, PSR1.Classes.ClassDeclaration.MissingNamespace
// phpcs:disable Squiz.Classes.ValidClassName.NotCamelCaps

declare(strict_types=1);

require_once __DIR__ . '/Odr/autoload.php';

use Odr\Fossbilling\BoxLogSink;
use Odr\Fossbilling\Config;
use Odr\Fossbilling\DomainForm;
use Odr\Panel\Capability\CurlTransport;
use Odr\Panel\Capability\PdoStateStore;
use Odr\Panel\Component;
use Odr\Panel\ConnectionSettings;
use Odr\Panel\ErrorMessage;

class Registrar_Adapter_Odr extends Registrar_AdapterAbstract
{
    /** FOSSBilling's table for the component's state (login token, contact map, snapshot). */
    public const STATE_TABLE = 'odr_state';

    /** @var array<string, array{object, CurlTransport}> loaded components, by path and credentials */
    private static array $loaded = [];

    private readonly ConnectionSettings $settings;
    private ?Component $component = null;

    /**
     * @param array<string, mixed> $options the saved configuration
     * @throws Registrar_Exception when the API key or secret is missing or a value is invalid
     */
    public function __construct($options)
    {
        try {
            $this->settings = Config::settings(is_array($options) ? $options : []);
        } catch (InvalidArgumentException $e) {
            throw new Registrar_Exception($e->getMessage());
        }
    }

    public static function getConfig()
    {
        return Config::definition();
    }

    public function isDomainAvailable(Registrar_Domain $domain)
    {
        return $this->availability($domain) === 'available';
    }

    public function isDomaincanBeTransferred(Registrar_Domain $domain)
    {
        return $this->availability($domain) === 'registered';
    }

    public function registerDomain(Registrar_Domain $domain)
    {
        $this->call('register-domain', fn (): array => ['order' => DomainForm::order($domain, null)]);

        return true;
    }

    public function transferDomain(Registrar_Domain $domain)
    {
        $code = trim((string) $domain->getEpp());
        if ($code === '') {
            throw new Registrar_Exception('A transfer of ' . $domain->getName() . ' needs its EPP (auth) code.');
        }
        $this->call('transfer-domain', fn (): array => ['order' => DomainForm::order($domain, $code)], [$code]);

        return true;
    }

    public function renewDomain(Registrar_Domain $domain)
    {
        $this->call('renew-domain', ['domain' => $domain->getName()]);

        return true;
    }

    public function deleteDomain(Registrar_Domain $domain)
    {
        $this->call('request-delete', ['domain' => $domain->getName()]);

        return true;
    }

    public function modifyNs(Registrar_Domain $domain)
    {
        $this->call('save-nameservers', [
            'domain' => $domain->getName(),
            'nameservers' => DomainForm::nameservers($domain),
            'glue' => [],
        ]);

        return true;
    }

    public function modifyContact(Registrar_Domain $domain)
    {
        $this->call('sync-contacts', function () use ($domain): array {
            [$registrant, $admin, $tech] = DomainForm::contacts($domain);

            return [
                'domain' => $domain->getName(),
                'desired' => ['registrant' => $registrant, 'admin' => $admin, 'tech' => $tech],
            ];
        });

        return true;
    }

    public function getDomainDetails(Registrar_Domain $domain)
    {
        $info = $this->call('get-domain-info', ['domain' => $domain->getName()]);
        if (is_string($info['expiry'] ?? null)) {
            $domain->setExpirationTime((int) strtotime($info['expiry'] . ' 00:00:00 UTC'));
        }
        $nameservers = array_values((array) ($info['nameservers'] ?? []));
        foreach (['setNs1', 'setNs2', 'setNs3', 'setNs4'] as $index => $setter) {
            $domain->{$setter}($nameservers[$index] ?? null);
        }
        // ODR has neither WHOIS privacy nor a registrar lock.
        $domain->setPrivacyEnabled(false);
        $domain->setLocked(false);

        return $domain;
    }

    /** @throws Registrar_Exception also when ODR e-mailed the code to the registrant instead */
    public function getEpp(Registrar_Domain $domain)
    {
        $answer = $this->call('get-auth-code', ['domain' => $domain->getName()]);
        if (is_array($answer) && is_string($answer['code'] ?? null)) {
            return $answer['code'];
        }
        throw new Registrar_Exception(sprintf(
            'ODR e-mailed the EPP code of %s to the domain\'s registrant; it is not shown here.',
            $domain->getName(),
        ));
    }

    public function enablePrivacyProtection(Registrar_Domain $domain)
    {
        throw self::unsupported('WHOIS privacy protection');
    }

    public function disablePrivacyProtection(Registrar_Domain $domain)
    {
        throw self::unsupported('WHOIS privacy protection');
    }

    public function lock(Registrar_Domain $domain)
    {
        throw self::unsupported('registrar lock');
    }

    public function unlock(Registrar_Domain $domain)
    {
        throw self::unsupported('registrar lock');
    }

    private static function unsupported(string $feature): Registrar_Exception
    {
        return new Registrar_Exception('Not supported by ODR: ODR offers no ' . $feature . '.');
    }

    /** The component's availability status of the domain: available or registered; unsupported and unknown are thrown. */
    private function availability(Registrar_Domain $domain): string
    {
        $results = $this->call('check-availability', [
            'label' => strtolower((string) $domain->getSld()),
            'tlds' => [strtolower($domain->getTld(false))],
        ]);
        $result = is_array($results[0] ?? null) ? $results[0] : [];
        $status = (string) ($result['status'] ?? 'unknown');
        if ($status === 'unsupported') {
            throw new Registrar_Exception((string) ($result['message'] ?? 'ODR does not offer this TLD'));
        }
        if ($status !== 'available' && $status !== 'registered') {
            throw new Registrar_Exception(sprintf(
                'ODR could not say whether %s is available: %s',
                $domain->getName(),
                (string) ($result['message'] ?? 'no answer'),
            ));
        }

        return $status;
    }

    /**
     * One component call; any failure becomes a Registrar_Exception, logged and with every
     * secret (and the call's EPP code) masked.
     *
     * @param array<string, mixed>|Closure(): array<string, mixed> $args the arguments, or what builds them
     * @param list<string> $secrets
     */
    private function call(string $function, array|Closure $args, array $secrets = []): mixed
    {
        try {
            return $this->component()->call($function, $args instanceof Closure ? $args() : $args);
        } catch (Throwable $error) {
            $message = ErrorMessage::of($error, [...$this->settings->secrets(), ...$secrets]);
            $log = new BoxLogSink($this->getLog(), $this->settings->secrets());
            $log->activity(sprintf('%s failed: %s', $function, $message), null);
            throw new Registrar_Exception($message);
        }
    }

    private function component(): Component
    {
        if ($this->component === null) {
            [$registrar, $transport] = $this->load();
            $this->component = new Component($registrar, $this->settings->withTestMode($this->_testMode), $transport);
        }

        return $this->component;
    }

    /** @return array{object, CurlTransport} the loaded component (once per process) and its transport */
    private function load(): array
    {
        $class = 'Odr\\Registrar';
        if (!class_exists($class)) {
            throw new RuntimeException('The odr PHP extension is not loaded (see the adapter\'s INSTALL.md).');
        }
        $path = defined('ODR_COMPONENT_PATH') && is_string(constant('ODR_COMPONENT_PATH'))
            ? constant('ODR_COMPONENT_PATH')
            : __DIR__ . '/Odr/component/odr_registrar.cwasm';
        $log = $this->getLog();
        $key = $path . "\0" . hash('sha256', $this->settings->apiSecret) . "\0" . spl_object_id($log);
        if (!isset(self::$loaded[$key])) {
            $di = $GLOBALS['di'] ?? null;
            if (!$di instanceof ArrayAccess) {
                throw new RuntimeException('FOSSBilling\'s service container ($di) is not available.');
            }
            $crypt = $di['crypt'];
            $state = new PdoStateStore(
                $di['pdo'],
                self::STATE_TABLE,
                'FOSSBilling',
                $crypt->encrypt(...),
                $crypt->decrypt(...),
            );
            $options = defined('ODR_COMPONENT_OPTIONS') && is_array(constant('ODR_COMPONENT_OPTIONS'))
                ? constant('ODR_COMPONENT_OPTIONS')
                : [];
            $transport = new CurlTransport();
            $sink = new BoxLogSink($log, $this->settings->secrets());
            self::$loaded[$key] = [new $class($path, $transport, $state, $sink, $options), $transport];
        }

        return self::$loaded[$key];
    }
}
