package dev.overcast.kafka.broker;

import java.nio.file.Path;

/**
 * What a broker's TLS and SASL/IAM listeners need: the keystore of its certificate (signed by the suite's CA), and
 * where the IAM plugin has the service check a client's signed payload.
 *
 * @param keystore         the PKCS#12 keystore of the brokers' certificate
 * @param keystorePassword its password
 * @param iamVerifyUrl     the service's IAM payload check ({@code POST /_overcast/kafka/iam})
 */
public record BrokerSecurity(Path keystore, String keystorePassword, String iamVerifyUrl) {
}
