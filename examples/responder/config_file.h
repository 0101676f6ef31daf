// ikecore-responder's XML configuration: what it says, read into ikecore's
// ResponderConfig plus what the host itself needs (credential files, PSKs,
// EAP users, address pools).
//
// Schema (every element and attribute optional unless marked; lists are
// comma separated; durations are "30", "30s", "5m", "24h" or "1d"):
//
//   <ikecore-responder>
//     <ike proposals="default" allow-legacy="no"/>
//         IKE proposals in strongSwan's notation ("aes256gcm16-prfsha256-x25519,
//         aes256-sha256-modp2048"), "default" = ikecore's default policy.
//     <timeouts half-open="30s" eap="120s" ike-lifetime="24h" child-lifetime="8h"
//               dpd="10s" dpd-retries="2" retransmit="2s" retransmit-tries="5"/>
//         dpd: dead peer detection interval ("0" or absent: off); our own
//         requests are retransmitted after `retransmit`, doubling each time.
//     <fragmentation enabled="yes" size="1280"/>   RFC 7383, size of the IP datagram
//     <dos cookie-threshold="128" max-half-open="0" max-half-open-per-source="0"
//          max-ike-sas="0"/>
//         RFC 7296 §2.6: COOKIE demanded from this many half-open SAs on ("0":
//         always); the limits drop new IKE_SA_INIT requests (0: none).
//     <credentials>
//       <certificate cert="server.crt" key="server.key"/>
//           PEM; `cert` holds the leaf, then any intermediates
//       <generated-pki server-name="vpn.example"/>
//           a CA and a server certificate made (once) in the state directory;
//           server-name defaults to the FQDN local-ids of pubkey connections
//       <ca file="ca.crt"/>                        a trust anchor (PEM, may hold several)
//       <psk remote-id="carol@example.com" secret="text"/>   or secret-hex="0a1b..."
//       <eap-user name="alice" password="text"/>
//     </credentials>
//     <pool name="clients" range="10.99.0.0/24"/>  (range: CIDR, "a-b" or one address)
//     <connection name="eap"                      (required, unique)
//                 local-id="vpn.example"           our identity (default: cert DN / IP)
//                 remote-id="%any"                 "%any", an identity, "*@example.com", "*.example.com"
//                 local-auth="pubkey"              pubkey | psk
//                 remote-auth="eap"                eap | psk | pubkey
//                 eap-methods="mschapv2,md5,gtc"   in order of preference
//                 eap-identity="yes"               ask for the EAP identity
//                 send-certificate="yes"
//                 unique="replace">                 INITIAL_CONTACT replaces the peer's older
//                                                  SAs; "never": ignored (strongSwan's unique)
//       <client pool="clients" dns="10.99.1.53" nbns="" subnets="10.99.1.0/24"
//               netmask="255.255.255.0" application-version="..."/>
//       <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0" transport="no">
//         <esp proposals="aes256gcm16,aes128-sha256" allow-legacy="no"/>
//       </child>                                   (one or more children)
//     </connection>                                (one or more connections)
//   </ikecore-responder>
//
// Relative file names are relative to the configuration file's directory.
// Every error names the file, the line, the element and the attribute.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "ikecore/base/bytes.h"
#include "ikecore/base/ip.h"
#include "ikecore/responder/config.h"
#include "ikecore/responder/identity.h"

namespace headend {

// A file the configuration names, with where it named it (for errors:
// "ikecore.xml:12: <certificate> attribute \"cert\"").
struct FileRef {
  std::string path;  // resolved against the configuration's directory
  std::string origin;
};

struct CertificateFiles {
  FileRef cert;  // PEM: the leaf, then its intermediates
  FileRef key;   // PEM or DER private key
};

struct SharedKey {
  ikecore::Identity remote;
  ikecore::SecretBytes key;
};

struct EapUser {
  std::string name;
  std::string password;
};

struct PoolRange {
  std::string name;
  ikecore::IpRange range;
};

// <generated-pki>: ensure_generated_pki() (generated_pki.h) makes the files.
struct GeneratedPkiRequest {
  std::vector<std::string> dns_names;
  std::string origin;
};

struct HeadendConfig {
  ikecore::ResponderConfig responder;
  std::vector<CertificateFiles> certificates;
  std::vector<FileRef> trust_anchors;
  std::vector<SharedKey> shared_keys;
  std::vector<EapUser> eap_users;
  std::vector<PoolRange> pools;
  std::optional<GeneratedPkiRequest> generated_pki;
};

// Reads and checks `path`. The status message is the whole error text.
absl::StatusOr<HeadendConfig> load_config_file(const std::string& path);

// The same for a configuration in memory: `name` is used in messages,
// `base_dir` resolves relative file names.
absl::StatusOr<HeadendConfig> parse_config(const std::string& text, const std::string& name,
                                           const std::string& base_dir);

}  // namespace headend
