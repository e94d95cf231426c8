#include "domain/masking.hpp"

#include <cstdint>
#include <vector>

namespace kesu::domain {
namespace {

std::vector<std::string_view> SplitCodePoints(std::string_view text) {
    std::vector<std::string_view> points;
    std::size_t start = 0;
    for (std::size_t i = 1; i <= text.size(); ++i) {
        if (i == text.size() || (static_cast<std::uint8_t>(text[i]) & 0xC0) != 0x80) {
            points.push_back(text.substr(start, i - start));
            start = i;
        }
    }
    return points;
}

// Keeps `head` leading and `tail` trailing code points, stars in between (at least one star).
std::string KeepEnds(std::string_view text, std::size_t head, std::size_t tail) {
    if (text.empty()) return {};
    auto points = SplitCodePoints(text);
    if (points.size() <= head + tail) {
        head = points.size() > 1 ? 1 : 0;
        tail = 0;
    }
    std::string masked;
    for (std::size_t i = 0; i < points.size(); ++i) {
        bool keep = i < head || i >= points.size() - tail;
        masked += keep ? std::string(points[i]) : std::string("*");
    }
    return masked;
}

}  // namespace

std::string MaskName(std::string_view name) { return KeepEnds(name, 1, 0); }

std::string MaskPhone(std::string_view phone) {
    if (phone.size() >= 11) return KeepEnds(phone, 3, 4);
    return KeepEnds(phone, 2, 2);
}

std::string MaskEmail(std::string_view email) {
    auto at = email.find('@');
    if (at == std::string_view::npos) return KeepEnds(email, 1, 0);
    return KeepEnds(email.substr(0, at), 1, 0) + std::string(email.substr(at));
}

std::string MaskIdNumber(std::string_view id) { return KeepEnds(id, 3, 4); }

std::string MaskAddress(std::string_view address) {
    auto points = SplitCodePoints(address);
    if (points.size() <= 6) return KeepEnds(address, 2, 0);
    std::string masked;
    for (std::size_t i = 0; i < 6; ++i) masked += points[i];
    return masked + "****";
}

std::string MaskCustomerId(std::string_view id) {
    return KeepEnds(id, 2, 2);
}

Complainant MaskComplainant(const Complainant& complainant) {
    return Complainant{MaskName(complainant.name),
                       MaskPhone(complainant.phone),
                       MaskEmail(complainant.email),
                       MaskCustomerId(complainant.customer_id),
                       MaskIdNumber(complainant.id_number),
                       MaskAddress(complainant.address),
                       KeepEnds(complainant.other_contact, 2, 0)};
}

}  // namespace kesu::domain
