#include "crypto/secret_box.hpp"

#include "crypto/digest.hpp"

#include <openssl/evp.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>

namespace peeringd::crypto {
namespace {

constexpr std::size_t kNonceSize = 12;
constexpr std::size_t kTagSize = 16;

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context() {
    CipherContext ctx{EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free};
    if (!ctx) throw std::runtime_error("EVP_CIPHER_CTX_new failed");
    return ctx;
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* bytes(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }
int length(std::string_view s) { return static_cast<int>(s.size()); }

}  // namespace

SecretBox::SecretBox(std::string key) : key_(std::move(key)) {
    if (key_.size() != kKeySize) throw std::runtime_error("secret key must be 32 bytes");
}

SecretBox SecretBox::from_key_file(const std::filesystem::path& path, bool create) {
    if (create && !std::filesystem::exists(path)) {
        // O_EXCL: two processes creating the key at once must not end with two different keys.
        const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd >= 0) {
            const auto key = random_bytes(kKeySize);
            const bool ok = ::write(fd, key.data(), key.size()) == static_cast<ssize_t>(key.size()) &&
                            ::fsync(fd) == 0;
            ::close(fd);
            if (!ok) throw std::runtime_error("cannot write secret key file " + path.string());
        } else if (errno != EEXIST) {
            throw std::runtime_error("cannot create secret key file " + path.string());
        }
    }
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::runtime_error("cannot read secret key file " + path.string());
    std::string key{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (key.size() != kKeySize)
        throw std::runtime_error("secret key file " + path.string() + " must hold exactly 32 bytes");
    return SecretBox{std::move(key)};
}

std::string SecretBox::seal(std::string_view plaintext, std::string_view associated_data) const {
    const auto nonce = random_bytes(kNonceSize);
    auto ctx = new_context();
    std::string out = nonce;
    out.resize(kNonceSize + plaintext.size() + kTagSize);
    int written = 0, ignored = 0;
    unsigned char* cipher = bytes(out) + kNonceSize;
    if (EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), nullptr, &ignored, bytes(associated_data), length(associated_data)) != 1 ||
        EVP_EncryptUpdate(ctx.get(), cipher, &written, bytes(plaintext), length(plaintext)) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), cipher + written, &ignored) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagSize),
                            cipher + plaintext.size()) != 1)
        throw std::runtime_error("AES-256-GCM encryption failed");
    return out;
}

std::optional<std::string> SecretBox::open(std::string_view sealed, std::string_view associated_data) const {
    if (sealed.size() < kNonceSize + kTagSize) return std::nullopt;
    const auto nonce = sealed.substr(0, kNonceSize);
    const auto cipher = sealed.substr(kNonceSize, sealed.size() - kNonceSize - kTagSize);
    std::string tag(sealed.substr(sealed.size() - kTagSize));
    std::string plain(cipher.size(), '\0');
    auto ctx = new_context();
    int written = 0, ignored = 0;
    if (EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, bytes(key_), bytes(nonce)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), nullptr, &ignored, bytes(associated_data), length(associated_data)) != 1 ||
        EVP_DecryptUpdate(ctx.get(), bytes(plain), &written, bytes(cipher), length(cipher)) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagSize), tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), bytes(plain) + written, &ignored) != 1)
        return std::nullopt;
    return plain;
}

}  // namespace peeringd::crypto
