#pragma once
/// Encrypts secrets at rest with AES-256-GCM under a 32-byte key kept in a file that only the
/// service user can read (0600). The associated data binds a ciphertext to its owner (the AK),
/// so a ciphertext copied onto another row does not decrypt.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace peeringd::crypto {

class SecretBox {
public:
    static constexpr std::size_t kKeySize = 32;

    explicit SecretBox(std::string key);

    /// Loads the key file; creates it with a fresh random key (mode 0600) when `create` is set
    /// and it does not exist. Throws std::runtime_error naming the file on any problem.
    static SecretBox from_key_file(const std::filesystem::path& path, bool create);

    /// nonce(12) || ciphertext || tag(16)
    std::string seal(std::string_view plaintext, std::string_view associated_data) const;
    /// nullopt when the key, the associated data or the bytes do not match.
    std::optional<std::string> open(std::string_view sealed, std::string_view associated_data) const;

private:
    std::string key_;
};

}  // namespace peeringd::crypto
