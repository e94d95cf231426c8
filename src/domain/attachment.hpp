// Files attached to a complaint (photos, call recordings, documents) and the messages exchanged on it.
#pragma once

#include <cstdint>
#include <string>

#include "domain/time.hpp"

namespace kesu::domain {

struct Attachment {
    std::int64_t id = 0;
    std::int64_t complaint_id = 0;
    std::string filename;      // as given by the uploader, sanitised
    std::string content_type;  // checked against the file's content
    std::int64_t size = 0;
    std::string sha256;        // hex; also the storage key (content-addressed)
    std::int64_t uploaded_by = 0;  // 0: the customer
    bool customer_visible = false;
    Instant created_at;
};

struct Message {
    std::int64_t id = 0;
    std::int64_t complaint_id = 0;
    bool customer_visible = false;  // false: an internal note
    bool from_customer = false;
    std::int64_t author_id = 0;
    std::string author_name;
    std::string body;
    Instant created_at;
};

}  // namespace kesu::domain
