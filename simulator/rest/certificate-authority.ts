/**
 * The interception proxy's certificates (docs/twilio-runtime.md): a CA made fresh at every simulator start
 * and a leaf certificate for every REST API host, signed by it, both with node-forge. Processes
 * that should trust the leaf get the CA through `NODE_EXTRA_CA_CERTS` (a file, written here).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';

export interface InterceptionCertificates {
  /** PEM of the CA: what clients must trust. */
  caPem: string;
  /** Path of a file holding `caPem`, for `NODE_EXTRA_CA_CERTS`. */
  caFile: string;
  /** The leaf certificate (PEM) naming every host, and its private key (PEM). */
  cert: string;
  key: string;
}

/** How long the certificates are valid: they live as long as one simulator run. */
const VALID_DAYS = 2;

function certificate(publicKey: forge.pki.PublicKey, subject: forge.pki.CertificateField[], issuer: forge.pki.CertificateField[], extensions: object[]): forge.pki.Certificate {
  const cert = forge.pki.createCertificate();
  cert.publicKey = publicKey;
  // A positive serial number: 16 random bytes with the top bit cleared.
  cert.serialNumber = `0${forge.util.bytesToHex(forge.random.getBytesSync(16)).slice(1)}`;
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + VALID_DAYS * 86_400_000);
  cert.setSubject(subject);
  cert.setIssuer(issuer);
  cert.setExtensions(extensions);
  return cert;
}

/** A 2048-bit RSA key pair, made off the event loop (node-forge hands it to Node's crypto). */
function keyPair(): Promise<forge.pki.rsa.KeyPair> {
  return new Promise((resolve, reject) => forge.pki.rsa.generateKeyPair({ bits: 2048 }, (error, keys) => (error ? reject(error) : resolve(keys))));
}

/** Makes a CA and a leaf certificate for `hosts` (2048-bit RSA keys, SHA-256 signatures). */
export async function makeCertificates(hosts: readonly string[]): Promise<InterceptionCertificates> {
  const [caKeys, leafKeys] = await Promise.all([keyPair(), keyPair()]);
  const caName = [{ name: 'commonName', value: 'Switchboard simulator CA (local only)' }];
  const ca = certificate(caKeys.publicKey, caName, caName, [
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
  ]);
  ca.sign(caKeys.privateKey, forge.md.sha256.create());

  const leaf = certificate(leafKeys.publicKey, [{ name: 'commonName', value: hosts[0] }], caName, [
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: hosts.map((value) => ({ type: 2, value })) },
  ]);
  leaf.sign(caKeys.privateKey, forge.md.sha256.create());

  const caPem = forge.pki.certificateToPem(ca);
  const caFile = join(mkdtempSync(join(tmpdir(), 'switchboard-ca-')), 'simulator-ca.pem');
  writeFileSync(caFile, caPem);
  return { caPem, caFile, cert: forge.pki.certificateToPem(leaf), key: forge.pki.privateKeyToPem(leafKeys.privateKey) };
}
