<?php

/**
 * Emulation of FOSSBilling's Box_Crypt (library/Box/Crypt.php), `$di['crypt']`: encrypt() and
 * decrypt() with the installation's salt (AES-256-CBC, IV prepended, base64); decrypt() of
 * something it did not encrypt gives false or garbage, never the plain text.
 */

// phpcs:disable PSR1.Classes.ClassDeclaration.MissingNamespace, Squiz.Classes.ValidClassName.NotCamelCaps

declare(strict_types=1);

class Box_Crypt
{
    private const METHOD = 'aes-256-cbc';

    public function __construct(private readonly string $salt)
    {
    }

    public function encrypt(string $text, ?string $pass = null): string
    {
        $iv = random_bytes((int) openssl_cipher_iv_length(self::METHOD));
        $cipher = (string) openssl_encrypt($text, self::METHOD, $this->key($pass), OPENSSL_RAW_DATA, $iv);

        return base64_encode($iv . $cipher);
    }

    public function decrypt(?string $text, ?string $pass = null): string|false
    {
        if ($text === null) {
            return false;
        }
        $raw = (string) base64_decode($text, true);
        $size = (int) openssl_cipher_iv_length(self::METHOD);
        $iv = substr($raw, 0, $size);
        $plain = openssl_decrypt(substr($raw, $size), self::METHOD, $this->key($pass), OPENSSL_RAW_DATA, $iv);

        return $plain === false ? false : trim($plain);
    }

    private function key(?string $pass): string
    {
        return (string) pack('H*', hash('md5', $pass ?? $this->salt));
    }
}
