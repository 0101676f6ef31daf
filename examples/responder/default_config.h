// The configuration ikecore-responder runs with when given no --config: one
// connection for road-warrior clients that check our certificate and log in
// with EAP (MSCHAPv2 first, as Windows and strongSwan clients expect), get a
// virtual address from 10.99.0.0/24 and reach 10.99.1.0/24 through the tunnel.
// `ikecore-responder --print-default-config` prints it as a starting point.
#pragma once

namespace headend {

inline constexpr char kDefaultConfig[] = R"xml(<?xml version="1.0"?>
<ikecore-responder>
  <ike proposals="default"/>
  <timeouts half-open="30s" eap="120s" ike-lifetime="24h" child-lifetime="8h"
            dpd="10s" dpd-retries="2" retransmit="2s" retransmit-tries="5"/>
  <fragmentation enabled="yes" size="1280"/>
  <credentials>
    <!-- A CA and an RSA server certificate for vpn.ikecore.test, made once in
         the state directory; clients trust STATE-DIR/ca.crt. -->
    <generated-pki server-name="vpn.ikecore.test"/>
    <eap-user name="alice" password="ikecore-demo"/>
    <eap-user name="bob" password="ikecore-demo2"/>
  </credentials>
  <pool name="clients" range="10.99.0.0/24"/>
  <connection name="eap" local-id="vpn.ikecore.test" remote-id="%any"
              local-auth="pubkey" remote-auth="eap" eap-methods="mschapv2,md5,gtc">
    <client pool="clients" dns="10.99.1.53" subnets="10.99.1.0/24"/>
    <child name="net" local-ts="10.99.1.0/24" remote-ts="0.0.0.0/0">
      <esp proposals="default"/>
    </child>
  </connection>
</ikecore-responder>
)xml";

}  // namespace headend
