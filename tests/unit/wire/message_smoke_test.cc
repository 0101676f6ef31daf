#include "ikecore/wire/message.h"

#include <vector>

#include <catch2/catch.hpp>

using namespace ikecore;

TEST_CASE("smoke: SA with one proposal round-trips") {
  std::vector<TransformAttribute> kl{TransformAttribute{14, true, 192, {}}};
  std::vector<Transform> ts{
      {TransformType::kEncr, static_cast<uint16_t>(EncrId::kAesCbc), kl},
      {TransformType::kPrf, static_cast<uint16_t>(PrfId::kHmacSha1), {}},
      {TransformType::kInteg, static_cast<uint16_t>(IntegId::kHmacSha1_96), {}},
      {TransformType::kKe, static_cast<uint16_t>(KeGroup::kModp768), {}},
  };
  std::vector<Proposal> props{{1, ProtocolId::kIke, {}, ts}};
  std::vector<Payload> payloads{Payload{PayloadType::kSa, false, SaPayload{props}}};
  Message m;
  m.header.spi_i = 0x58AFF71141BA436BULL;
  m.header.exchange = ExchangeType::kIkeSaInit;
  m.header.flags = Header::kFlagInitiator;
  m.payloads = payloads;
  auto bytes = serialize_message(m);
  REQUIRE(bytes.ok());
  CHECK(bytes->size() == 28 + 48);
  Message back;
  auto err = parse_message(*bytes, back);
  INFO(to_string(err));
  REQUIRE(err.ok());
  CHECK(back == m);
}
