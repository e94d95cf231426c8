// One table per enum gives both directions of its wire name, so an enum and its JSON spelling cannot drift.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace kesu::domain {

template <class E>
struct EnumName {
    E value;
    std::string_view name;
};

template <class E>
std::string_view NameIn(std::span<const EnumName<E>> table, E value) {
    for (const auto& entry : table)
        if (entry.value == value) return entry.name;
    return "unknown";
}

template <class E>
std::optional<E> ParseIn(std::span<const EnumName<E>> table, std::string_view name) {
    for (const auto& entry : table)
        if (entry.name == name) return entry.value;
    return std::nullopt;
}

}  // namespace kesu::domain
