// TEST KEYS ONLY. These key pairs are public (they ship in this package) and prove nothing about who signed a request.
// sendWebhook signs with the private halves; configure a receiver under test with the public halves, e.g.
// parseWebhook(request, { rsaPublicKey: webhookTestKeys.rsa.publicKey, ed25519PublicKey: webhookTestKeys.ed25519.publicKey }).
// Never configure them in production: anyone can sign with them.

/** A fixed RSA-2048 key pair (PKCS#8 / SPKI PEM) for RSA-SHA256 test signatures. */
const rsa = {
  privateKey: `-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCiB7g3cDqdGSsD
w/ypQbJH2AqERXL4IOzQaDPUXRv7GqxkIDByqg0WYUcjebjJN8gsGG+WVoVuX8iW
+r7RF7h3eH6hDnF5fqW38L/GdCa4shBfSfhYWHoNcUNAuhgN/zLZHJS+oK/zWHEr
0arJJ86Cek1CpOZEpXRxJLsSydVyLI13AFwrGYbnRDxnAVGiIvYFyo9GQU6fTz2H
JQAP+9jw68xnZo0ZdEdggkrPASlR9NGI/ASvIbiv0hPl6nRK2KywyUzzxcPhoWDd
l4RXAk82M17YagVZyujKWlfU7wCqXE7dJQ8l1A+cvx62aUMGsdr0iVqsV3bLVg/X
blidcdi7AgMBAAECggEADdYI62WrAP/wMLnLWTdh856a2fawPZ4E0DsbCexgLPjM
dcmwjr9qBK+OipSkrJIV3CYYs/F0IsZic6S6fKfA5HrRSAwwBnGZJx7o0W0uYqEv
TWPHUDal8tXpf0fPhrUfG3PEWTmRgina6CSsUnxoDF5IkK38zSnadVBEpUhqRf3Y
fmp3WrK8lEZTbSLQ+Sav1fyTcLr88SrRAQgGqbaYh8glrOmRZoijODoyefizqLfH
EapqcoTyDRKRxP4TXcE5ArjmOPB+ElgWftVNMttEkFbQdth4kZFdnXtSEtR2b6Yo
yS4SPYVq9vkh9jXMrOShC5ZUPVNAtJb+G7dbkR3oYQKBgQDRonwYeA4Ko0DaYwkC
Tzo8u6mSk1RHlSZDTO6+71wJIkqWxBvTaujw3ou1chJnEQKWa2hO3Y4Fb2v0aW0i
e7u5tpZpAuuJtR8P06E8Drm0812wj9myaJLeEyyIsEKKIRpThLGr/pje8ubrTMO0
LKHcB1qlrE8IFVq1eIWqUW5+EQKBgQDF3d2VPRThe146tx+wzms3qlNNLfVSeuZx
NxHHnLdvZDpmu+QjHhzckzCR+GDwJX60uqvIInM2AMVS8Cc+NS/xl5/DozT/oPOK
d3+PMaY8r7Q0e2tIX6IdR4kS8c/jLHIpPfDcGrppv+dvx4ZZtghYFl2aUQno/g7e
flBa1nWOCwKBgQCPPfSHj7kgga61ysgEIPjNOPnEoxEKnJp5kB7uroV35EuNO1E8
JCgpNhfGkryKWnAnMhsjEHaTti/Q4RzmXB/I5T9fX9Rr0yv3V4crj3BLeaOCGrkJ
FDWOsxFSEQZWdgoUGW6B9MSmStmI3Ho5Keore4bv/449GsJRj5nd6CiU0QKBgQCh
eUU6ZGWk+ZPVoNo45Mu02sguZQIeNHPZEtLsrqU4P3g1nMI6MnnlPC1YAnXBpSe4
/9nucsbI3GosHBY6exdMNqvH8Wnv736wkoLD7gW24sDST6ImpvzaniVsE3DO+NeV
dpoYVaupX1XU7+RhU9+NW3s500aeIK8rvbN/3iKDLwKBgAMPPAVMmZvOGnxXTWew
brScc0CjxS3s9OqlwFDAgVVtD1a+yzTbyEOP+WlKpWH7oyyG0j28PH36/Albhn29
DejGaiOn15AvIueKD8lQ8GgnfzzFuLII024HXvk6313s/LUMYBpLaH3KJl4VVH5w
iyMThMqDFPeyTeQ91GJFatqo
-----END PRIVATE KEY-----
`,
  publicKey: `-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAoge4N3A6nRkrA8P8qUGy
R9gKhEVy+CDs0Ggz1F0b+xqsZCAwcqoNFmFHI3m4yTfILBhvllaFbl/Ilvq+0Re4
d3h+oQ5xeX6lt/C/xnQmuLIQX0n4WFh6DXFDQLoYDf8y2RyUvqCv81hxK9GqySfO
gnpNQqTmRKV0cSS7EsnVciyNdwBcKxmG50Q8ZwFRoiL2BcqPRkFOn089hyUAD/vY
8OvMZ2aNGXRHYIJKzwEpUfTRiPwEryG4r9IT5ep0StissMlM88XD4aFg3ZeEVwJP
NjNe2GoFWcroylpX1O8AqlxO3SUPJdQPnL8etmlDBrHa9IlarFd2y1YP125YnXHY
uwIDAQAB
-----END PUBLIC KEY-----
`,
};

/** A fixed Ed25519 key pair (PKCS#8 / SPKI PEM) for Ed25519 test signatures. */
const ed25519 = {
  privateKey: `-----BEGIN PRIVATE KEY-----
MC4CAQAwBQYDK2VwBCIEIIsv0VA9+1JEQavk+oaxFa8Ilp+KorVQmdcFeGq2zoeJ
-----END PRIVATE KEY-----
`,
  publicKey: `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAAivHVSavsWv28ru6NnmgvuZ6JkY5ZsmwDOFoES96SD8=
-----END PUBLIC KEY-----
`,
};

/** The shared secret sendWebhook sends to vendors that authenticate with one (LeadSquared, One-Link). */
const sharedSecret = "crmkit-mock-test-secret-0d6f3a9c51e24b7f";

export const webhookTestKeys = { rsa, ed25519, sharedSecret } as const;
