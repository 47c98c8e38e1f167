-- (versioned 2.5 so that a migration 2 of MSK Connect, built beside this one, can land without a clash)

-- the brokers' TLS and SASL/IAM listeners: loopback ports allocated like the others (rows of older clusters get
-- theirs at the next start)
ALTER TABLE brokers ADD COLUMN tls_port int, ADD COLUMN iam_port int;

-- the certificate authority the suite creates once and serves (GET /_overcast/kafka/ca.pem), shared by every replica
-- of the service: it signs the brokers' TLS certificates
CREATE TABLE certificate_authority (
    id          smallint PRIMARY KEY CHECK (id = 1),
    keystore    bytea NOT NULL,               -- PKCS#12: the CA's key and certificate
    password    text NOT NULL,
    certificate text NOT NULL,                -- PEM
    created_at  timestamptz NOT NULL
);
