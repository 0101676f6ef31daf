// One-shot hashes over BoringSSL's EVP_Digest* calls (EVP_md4 included: the
// MD4 of openssl/md4.h behind the same EVP interface).
#include <openssl/digest.h>

#include "errors.h"
#include "absl/strings/str_cat.h"
#include "symmetric.h"

namespace ikecore::boringssl {

absl::StatusOr<Bytes> hash(HashAlgorithm algorithm, absl::Span<const ByteView> data) {
  const EVP_MD* md = nullptr;
  switch (algorithm) {
    case HashAlgorithm::kSha1:
      md = EVP_sha1();
      break;
    case HashAlgorithm::kSha256:
      md = EVP_sha256();
      break;
    case HashAlgorithm::kSha384:
      md = EVP_sha384();
      break;
    case HashAlgorithm::kSha512:
      md = EVP_sha512();
      break;
    case HashAlgorithm::kMd5:
      md = EVP_md5();
      break;
    case HashAlgorithm::kMd4:  // MS-CHAPv2 only (RFC 2759 §8.3-8.4)
      md = EVP_md4();
      break;
  }
  if (md == nullptr) {
    return absl::UnimplementedError(
        absl::StrCat("hash algorithm ", static_cast<int>(algorithm), " is not supported by the BoringSSL provider"));
  }
  bssl::ScopedEVP_MD_CTX ctx;
  if (!EVP_DigestInit_ex(ctx.get(), md, nullptr)) return library_error("EVP_DigestInit_ex failed");
  for (ByteView piece : data) {
    if (!piece.empty() && !EVP_DigestUpdate(ctx.get(), piece.data(), piece.size())) {
      return library_error("EVP_DigestUpdate failed");
    }
  }
  Bytes out(EVP_MD_size(md));
  unsigned int out_len = 0;
  if (!EVP_DigestFinal_ex(ctx.get(), out.data(), &out_len) || out_len != out.size()) {
    return library_error("EVP_DigestFinal_ex failed");
  }
  return out;
}

}  // namespace ikecore::boringssl
