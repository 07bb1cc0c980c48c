#include "storage/sql/session.hpp"

namespace peeringd::storage::sql {

bool Column::isNull() const { return statement_.column_is_null(index_); }
std::string Column::getString() const { return statement_.column_text(index_); }
std::int64_t Column::getInt64() const { return statement_.column_int64(index_); }
std::vector<unsigned char> Column::getBlob() const { return statement_.column_blob(index_); }

void Statement::bind_blob(int index, const void* data, std::size_t size) {
    bind_blob_bytes(index, static_cast<const unsigned char*>(data), size);
}

}  // namespace peeringd::storage::sql
