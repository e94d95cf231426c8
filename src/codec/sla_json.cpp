#include "codec/sla_json.hpp"

#include <cstdio>
#include <cstdlib>
#include <initializer_list>

#include "codec/json_text.hpp"

namespace kesu::codec {

using domain::ErrorCode;
using nlohmann::json;

namespace {

std::string Clock(std::chrono::minutes minutes) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", static_cast<int>(minutes.count() / 60), static_cast<int>(minutes.count() % 60));
    return text;
}

json DayHoursJson(const domain::DayHours& hours) {
    json list = json::array();
    for (const auto& interval : hours) list.push_back({{"start", Clock(interval.begin)}, {"end", Clock(interval.end)}});
    return list;
}

// Collects errors while decoding; throws nothing.
class Reader {
public:
    std::vector<domain::FieldError> errors;

    template <class E>
    std::optional<E> Enum(const json& object, const std::string& key, std::span<const domain::EnumName<E>> names,
                          const std::string& path) {
        if (!object.contains(key) || object[key].is_null()) return std::nullopt;
        if (!object[key].is_string()) {
            errors.push_back({path + key, "must be a string"});
            return std::nullopt;
        }
        auto value = domain::ParseIn(names, object[key].get<std::string>());
        if (!value) errors.push_back({path + key, "is not a known value"});
        return value;
    }
    template <class E>
    std::vector<E> Enums(const json& object, const std::string& key, std::span<const domain::EnumName<E>> names,
                         const std::string& path) {
        std::vector<E> values;
        if (!object.contains(key)) return values;
        if (!object[key].is_array()) {
            errors.push_back({path + key, "must be a list"});
            return values;
        }
        for (const auto& item : object[key]) {
            auto value = item.is_string() ? domain::ParseIn(names, item.get<std::string>()) : std::nullopt;
            if (value) values.push_back(*value);
            else errors.push_back({path + key, "holds an unknown value"});
        }
        return values;
    }
    std::string Text(const json& object, const std::string& key, const std::string& path, bool required) {
        if (!object.contains(key) || object[key].is_null()) {
            if (required) errors.push_back({path + key, "is required"});
            return {};
        }
        if (!object[key].is_string()) {
            errors.push_back({path + key, "must be a string"});
            return {};
        }
        return object[key].get<std::string>();
    }
    std::int64_t Integer(const json& object, const std::string& key, const std::string& path, std::int64_t fallback) {
        if (!object.contains(key)) return fallback;
        if (!object[key].is_number_integer()) {
            errors.push_back({path + key, "must be an integer"});
            return fallback;
        }
        return object[key].get<std::int64_t>();
    }
    // An integer that must fit `int` fields: outside [min, max] is an error, never a silent wrap.
    int SmallInteger(const json& object, const std::string& key, const std::string& path, int fallback, int min,
                     int max) {
        std::int64_t value = Integer(object, key, path, fallback);
        if (object.contains(key) && object[key].is_number_unsigned() &&
            object[key].get<std::uint64_t>() > static_cast<std::uint64_t>(max))
            value = static_cast<std::int64_t>(max) + 1;
        if (value < min || value > max) {
            errors.push_back({path + key, "must be within " + std::to_string(min) + ".." + std::to_string(max)});
            return fallback;
        }
        return static_cast<int>(value);
    }
    domain::DayHours Hours(const json& list, const std::string& path) {
        domain::DayHours hours;
        if (!list.is_array()) {
            errors.push_back({path, "must be a list of {start, end}"});
            return hours;
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            std::string at = path + "[" + std::to_string(i) + "].";
            if (!list[i].is_object()) {
                errors.push_back({at, "must be {start, end}"});
                continue;
            }
            auto begin = domain::ParseTimeOfDay(Text(list[i], "start", at, true));
            auto end = domain::ParseTimeOfDay(Text(list[i], "end", at, true));
            if (!begin || !end) {
                errors.push_back({at + "start", "times are HH:MM, 00:00 to 24:00"});
                continue;
            }
            hours.push_back({*begin, *end});
        }
        return hours;
    }
    domain::SlaLimit Limit(const json& object, const std::string& path) {
        domain::SlaLimit limit;
        if (!object.is_object()) {
            errors.push_back({path, "must be {clock, amount}"});
            return limit;
        }
        limit.clock = Enum(object, "clock", domain::ClockTypeNames(), path + ".").value_or(domain::ClockType::kWorkingDays);
        limit.amount = Integer(object, "amount", path + ".", 0);
        return limit;
    }
    bool Boolean(const json& object, const std::string& key, const std::string& path, bool fallback) {
        if (!object.contains(key)) return fallback;
        if (!object[key].is_boolean()) {
            errors.push_back({path + key, "must be true or false"});
            return fallback;
        }
        return object[key].get<bool>();
    }
    void OnlyKnown(const json& object, std::initializer_list<const char*> known, const std::string& path) {
        if (!object.is_object()) return;
        for (auto it = object.begin(); it != object.end(); ++it) {
            bool listed = false;
            for (const char* key : known) listed = listed || it.key() == key;
            if (!listed) errors.push_back({path + it.key(), "is not a known field"});
        }
    }
    std::vector<std::string> Strings(const json& object, const std::string& key, const std::string& path) {
        std::vector<std::string> values;
        if (!object.contains(key)) return values;
        if (!object[key].is_array()) {
            errors.push_back({path + key, "must be a list of strings"});
            return values;
        }
        for (const auto& item : object[key]) {
            if (item.is_string()) values.push_back(item.get<std::string>());
            else errors.push_back({path + key, "must be a list of strings"});
        }
        return values;
    }
    domain::Result<void> Done() {
        if (errors.empty()) return {};
        return domain::FailFields(std::move(errors));
    }
};

std::int64_t Millis(domain::Instant at) { return domain::ToMillis(at); }
std::optional<domain::Instant> ReadOptionalMillis(const json& object, const char* key) {
    if (!object.contains(key) || object[key].is_null()) return std::nullopt;
    return domain::FromMillis(object[key].get<std::int64_t>());
}

}  // namespace

json LimitToJson(const domain::SlaLimit& limit) {
    return {{"clock", domain::NameOf(limit.clock)}, {"amount", limit.amount}};
}

json CalendarToJson(const domain::BusinessCalendar& c) {
    json weekly = json::array();
    for (int day = 1; day <= 7; ++day) weekly.push_back(DayHoursJson(c.weekly_hours[static_cast<std::size_t>(day % 7)]));
    json holidays = json::array();
    for (const auto& h : c.holidays) holidays.push_back({{"date", domain::FormatIsoDate(h.date)}, {"name", h.name}});
    json makeup = json::array();
    for (const auto& m : c.makeup_days) {
        json day{{"date", domain::FormatIsoDate(m.date)}, {"name", m.name}};
        if (!m.hours.empty()) day["hours"] = DayHoursJson(m.hours);
        makeup.push_back(day);
    }
    return {{"id", c.id},
            {"name", c.name},
            {"time_zone", c.time_zone},
            {"utc_offset_minutes", c.utc_offset.count()},
            {"weekly_hours", weekly},
            {"holidays", holidays},
            {"makeup_days", makeup}};
}

domain::Result<domain::BusinessCalendar> CalendarFromJson(const json& j) {
    Reader r;
    domain::BusinessCalendar c;
    if (!j.is_object()) return domain::Fail(ErrorCode::kInvalidArgument, "a calendar must be an object");
    r.OnlyKnown(j, {"id", "name", "time_zone", "utc_offset_minutes", "weekly_hours", "holidays", "makeup_days"}, "");
    c.id = r.Text(j, "id", "", true);
    c.name = r.Text(j, "name", "", true);
    c.time_zone = r.Text(j, "time_zone", "", false);
    if (c.time_zone.empty()) c.time_zone = "Asia/Shanghai";
    c.utc_offset = std::chrono::minutes{r.Integer(j, "utc_offset_minutes", "", 480)};
    if (j.contains("weekly_hours")) {
        const json& weekly = j["weekly_hours"];
        if (!weekly.is_array() || weekly.size() != 7) {
            r.errors.push_back({"weekly_hours", "must be 7 lists, Monday first"});
        } else {
            for (int day = 1; day <= 7; ++day)
                c.weekly_hours[static_cast<std::size_t>(day % 7)] =
                    r.Hours(weekly[static_cast<std::size_t>(day - 1)], "weekly_hours[" + std::to_string(day - 1) + "]");
        }
    } else {
        r.errors.push_back({"weekly_hours", "is required"});
    }
    auto dates = [&](const char* key, auto add) {
        if (!j.contains(key)) return;
        if (!j[key].is_array()) {
            r.errors.push_back({key, "must be a list"});
            return;
        }
        for (std::size_t i = 0; i < j[key].size(); ++i) {
            const json& item = j[key][i];
            std::string at = std::string(key) + "[" + std::to_string(i) + "].";
            if (!item.is_object()) {
                r.errors.push_back({at, "must be {date, name}"});
                continue;
            }
            r.OnlyKnown(item, {"date", "name", "hours"}, at);
            auto date = domain::ParseIsoDate(r.Text(item, "date", at, true));
            if (!date) {
                r.errors.push_back({at + "date", "must be a date such as 2026-02-14"});
                continue;
            }
            add(*date, r.Text(item, "name", at, false), item, at);
        }
    };
    dates("holidays", [&](auto date, std::string name, const json&, const std::string&) {
        c.holidays.push_back({date, std::move(name)});
    });
    dates("makeup_days", [&](auto date, std::string name, const json& item, const std::string& at) {
        domain::DayHours hours;
        if (item.contains("hours")) hours = r.Hours(item["hours"], at + "hours");
        c.makeup_days.push_back({date, std::move(name), std::move(hours)});
    });
    if (auto done = r.Done(); !done) return std::unexpected(done.error());
    if (auto valid = domain::ValidateCalendar(c); !valid) {
        // The domain counts weekdays from Sunday and says utc_offset; the API lists Monday first, in minutes.
        domain::Error error = valid.error();
        for (auto& field : error.fields) {
            if (field.field.rfind("weekly_hours[", 0) == 0) {
                int sunday_based = std::atoi(field.field.c_str() + 13);
                std::string rest = field.field.substr(field.field.find(']'));
                field.field = "weekly_hours[" + std::to_string((sunday_based + 6) % 7) + rest;
            } else if (field.field == "utc_offset") {
                field.field = "utc_offset_minutes";
            }
        }
        if (!error.fields.empty()) error.message = error.fields.front().field + ": " + error.fields.front().reason;
        return std::unexpected(error);
    }
    return c;
}

json PolicyToJson(const domain::SlaPolicy& p) {
    json rules = json::array();
    for (const auto& rule : p.rules) {
        json levels = json::array(), channels = json::array(), roles = json::array();
        for (auto level : rule.match.levels) levels.push_back(domain::NameOf(level));
        for (auto channel : rule.match.channels) channels.push_back(domain::NameOf(channel));
        for (auto role : rule.extension.approver_roles) roles.push_back(domain::RoleName(role));
        rules.push_back({{"name", rule.name},
                         {"target", domain::NameOf(rule.target)},
                         {"match", {{"kind", rule.match.kind ? json(domain::NameOf(*rule.match.kind)) : json(nullptr)},
                                    {"category_prefixes", rule.match.category_prefixes},
                                    {"levels", levels},
                                    {"channels", channels},
                                    {"difficulty", rule.match.difficulty ? json(domain::NameOf(*rule.match.difficulty)) : json(nullptr)},
                                    {"sources", rule.match.sources}}},
                         {"limit", LimitToJson(rule.limit)},
                         {"start", domain::NameOf(rule.start)},
                         {"extension", {{"approver_roles", roles},
                                        {"max_amount", LimitToJson(rule.extension.max_amount)},
                                        {"max_count", rule.extension.max_count},
                                        {"customer_notice_required", rule.extension.customer_notice_required}}}});
    }
    json steps = json::array();
    for (const auto& step : p.escalation.steps) {
        json actions = json::array();
        for (auto action : step.actions) actions.push_back(domain::NameOf(action));
        steps.push_back({{"actions", actions}});
    }
    return {{"id", p.id},
            {"name", p.name},
            {"calendar_id", p.calendar_id},
            {"rules", rules},
            {"escalation", {{"warn_at_percent", p.escalation.warn_at_percent},
                            {"repeat_breach_every_percent", p.escalation.repeat_breach_every_percent},
                            {"steps", steps}}}};
}

domain::Result<domain::SlaPolicy> PolicyFromJson(const json& j) {
    if (!j.is_object()) return domain::Fail(ErrorCode::kInvalidArgument, "a policy must be an object");
    Reader r;
    domain::SlaPolicy p;
    r.OnlyKnown(j, {"id", "name", "calendar_id", "rules", "escalation"}, "");
    p.id = r.Text(j, "id", "", true);
    p.name = r.Text(j, "name", "", true);
    p.calendar_id = r.Text(j, "calendar_id", "", true);
    if (!j.contains("rules") || !j["rules"].is_array()) r.errors.push_back({"rules", "must be a list"});
    else {
        for (std::size_t i = 0; i < j["rules"].size(); ++i) {
            const json& item = j["rules"][i];
            std::string at = "rules[" + std::to_string(i) + "].";
            if (!item.is_object()) {
                r.errors.push_back({at, "must be an object"});
                continue;
            }
            domain::SlaRule rule;
            r.OnlyKnown(item, {"name", "target", "match", "limit", "start", "extension"}, at);
            rule.name = r.Text(item, "name", at, true);
            rule.target = r.Enum(item, "target", domain::SlaTargetNames(), at).value_or(domain::SlaTarget::kAcknowledge);
            if (item.contains("match") && item["match"].is_object()) {
                const json& m = item["match"];
                std::string mat = at + "match.";
                r.OnlyKnown(m, {"kind", "category_prefixes", "levels", "channels", "difficulty", "sources"}, mat);
                rule.match.kind = r.Enum(m, "kind", domain::RequestKindNames(), mat);
                rule.match.category_prefixes = r.Strings(m, "category_prefixes", mat);
                rule.match.levels = r.Enums(m, "levels", domain::LevelNames(), mat);
                rule.match.channels = r.Enums(m, "channels", domain::ChannelNames(), mat);
                rule.match.difficulty = r.Enum(m, "difficulty", domain::DifficultyNames(), mat);
                rule.match.sources = r.Strings(m, "sources", mat);
            }
            rule.limit = r.Limit(item.value("limit", json::object()), at + "limit");
            rule.start = r.Enum(item, "start", domain::ClockStartNames(), at).value_or(domain::ClockStart::kReceipt);
            if (item.contains("extension") && item["extension"].is_object()) {
                const json& e = item["extension"];
                std::string eat = at + "extension.";
                r.OnlyKnown(e, {"approver_roles", "max_amount", "max_count", "customer_notice_required"}, eat);
                if (e.contains("approver_roles") && e["approver_roles"].is_array()) {
                    for (const auto& role : e["approver_roles"]) {
                        auto parsed = role.is_string() ? domain::ParseRole(role.get<std::string>()) : std::nullopt;
                        if (parsed) rule.extension.approver_roles.push_back(*parsed);
                        else r.errors.push_back({eat + "approver_roles", "holds an unknown role"});
                    }
                }
                if (e.contains("max_amount")) rule.extension.max_amount = r.Limit(e["max_amount"], eat + "max_amount");
                rule.extension.max_count = r.SmallInteger(e, "max_count", eat, 0, 0, 100);
                rule.extension.customer_notice_required = r.Boolean(e, "customer_notice_required", eat, true);
            }
            p.rules.push_back(std::move(rule));
        }
    }
    // The escalation decides who hears of a breached deadline. It is required, and anything malformed in it is
    // an error: silently falling back to no steps would turn escalation off without anyone having asked.
    if (!j.contains("escalation") || !j["escalation"].is_object()) {
        r.errors.push_back({"escalation", j.contains("escalation")
                                              ? "must be an object {warn_at_percent, repeat_breach_every_percent, steps}"
                                              : "is required"});
    } else {
        const json& e = j["escalation"];
        r.OnlyKnown(e, {"warn_at_percent", "repeat_breach_every_percent", "steps"}, "escalation.");
        if (e.contains("warn_at_percent")) {
            p.escalation.warn_at_percent.clear();
            if (!e["warn_at_percent"].is_array()) r.errors.push_back({"escalation.warn_at_percent", "must be a list of integers"});
            else
                for (const auto& percent : e["warn_at_percent"]) {
                    if (percent.is_number_integer() && percent.get<std::int64_t>() >= 1 && percent.get<std::int64_t>() <= 99)
                        p.escalation.warn_at_percent.push_back(percent.get<int>());
                    else r.errors.push_back({"escalation.warn_at_percent", "must be a list of integers within 1..99"});
                }
        }
        p.escalation.repeat_breach_every_percent =
            r.SmallInteger(e, "repeat_breach_every_percent", "escalation.", 100, 0, 1000);
        if (!e.contains("steps") || !e["steps"].is_array()) {
            r.errors.push_back({"escalation.steps", "must be a list of {actions} (an empty list: no breach actions)"});
        } else {
            for (std::size_t i = 0; i < e["steps"].size(); ++i) {
                const json& item = e["steps"][i];
                std::string at = "escalation.steps[" + std::to_string(i) + "].";
                if (!item.is_object() || !item.contains("actions")) {
                    r.errors.push_back({at + "actions", "each step must be {\"actions\": [...]}"});
                    continue;
                }
                r.OnlyKnown(item, {"actions"}, at);
                domain::EscalationStep step;
                step.actions = r.Enums(item, "actions", domain::EscalationActionNames(), at);
                p.escalation.steps.push_back(std::move(step));
            }
        }
    }
    if (auto done = r.Done(); !done) return std::unexpected(done.error());
    if (auto valid = domain::ValidatePolicy(p); !valid) return std::unexpected(valid.error());
    return p;
}

namespace {

void AppendMillis(std::string& out, const std::optional<domain::Instant>& at) {
    if (at) AppendJsonNumber(out, Millis(*at));
    else out += "null";
}

void AppendLimit(std::string& out, const domain::SlaLimit& limit) {
    out += "{\"amount\":";
    AppendJsonNumber(out, limit.amount);
    out += ",\"clock\":";
    AppendJsonString(out, domain::NameOf(limit.clock));
    out += '}';
}

}  // namespace

std::string ClockToJsonText(const domain::SlaClock& c) {
    std::string out;
    out.reserve(320);
    out += "{\"breaches\":";
    AppendJsonArray(out, c.breaches, [](std::string& o, const domain::ClockBreach& b) {
        o += "{\"at\":";
        AppendJsonNumber(o, Millis(b.at));
        o += ",\"number\":";
        AppendJsonNumber(o, b.number);
        o += ",\"revision\":";
        AppendJsonNumber(o, b.revision);
        o += '}';
    });
    out += ",\"due_at\":";
    AppendJsonNumber(out, Millis(c.due_at));
    out += ",\"extensions\":";
    AppendJsonArray(out, c.extensions, [](std::string& o, const domain::ClockExtension& e) {
        o += "{\"amount\":";
        AppendLimit(o, e.amount);
        o += ",\"approved_at\":";
        AppendJsonNumber(o, Millis(e.approved_at));
        o += ",\"approver_id\":";
        AppendJsonNumber(o, e.approver_id);
        o += ",\"approver_role\":";
        AppendJsonString(o, domain::RoleName(e.approver_role));
        o += ",\"customer_notified\":";
        o += e.customer_notified ? "true" : "false";
        o += ",\"reason\":";
        AppendJsonString(o, e.reason);
        o += '}';
    });
    out += ",\"limit\":";
    AppendLimit(out, c.limit);
    out += ",\"pauses\":";
    AppendJsonArray(out, c.pauses, [](std::string& o, const domain::ClockPause& pause) {
        o += "{\"paused_at\":";
        AppendJsonNumber(o, Millis(pause.paused_at));
        o += ",\"reason\":";
        AppendJsonString(o, pause.reason);
        o += ",\"resumed_at\":";
        AppendMillis(o, pause.resumed_at);
        o += '}';
    });
    out += ",\"revised_at\":";
    AppendMillis(out, c.revised_at);
    out += ",\"revision\":";
    AppendJsonNumber(out, c.revision);
    out += ",\"rule_name\":";
    AppendJsonString(out, c.rule_name);
    out += ",\"started_at\":";
    AppendJsonNumber(out, Millis(c.started_at));
    out += ",\"state\":";
    AppendJsonString(out, domain::NameOf(c.state));
    out += ",\"stopped_at\":";
    AppendMillis(out, c.stopped_at);
    out += ",\"target\":";
    AppendJsonString(out, domain::NameOf(c.target));
    out += ",\"warnings_fired\":";
    AppendJsonNumber(out, c.warnings_fired);
    out += ",\"warnings_revision\":";
    AppendJsonNumber(out, c.warnings_revision);
    out += '}';
    return out;
}

domain::Result<domain::SlaClock> ClockFromJson(const json& j) {
    try {
        Reader r;
        domain::SlaClock c;
        c.target = r.Enum(j, "target", domain::SlaTargetNames(), "").value_or(domain::SlaTarget::kAcknowledge);
        c.rule_name = j.at("rule_name").get<std::string>();
        c.limit = r.Limit(j.at("limit"), "limit");
        c.started_at = domain::FromMillis(j.at("started_at").get<std::int64_t>());
        c.due_at = domain::FromMillis(j.at("due_at").get<std::int64_t>());
        c.state = r.Enum(j, "state", domain::ClockStateNames(), "").value_or(domain::ClockState::kRunning);
        for (const auto& p : j.at("pauses"))
            c.pauses.push_back({domain::FromMillis(p.at("paused_at").get<std::int64_t>()), ReadOptionalMillis(p, "resumed_at"),
                                p.value("reason", "")});
        for (const auto& e : j.at("extensions"))
            c.extensions.push_back({r.Limit(e.at("amount"), "extensions"), domain::FromMillis(e.at("approved_at").get<std::int64_t>()),
                                    e.value("approver_id", std::int64_t{0}),
                                    domain::ParseRole(e.value("approver_role", "manager")).value_or(domain::Role::kManager),
                                    e.value("reason", ""), e.value("customer_notified", false)});
        c.stopped_at = ReadOptionalMillis(j, "stopped_at");
        c.revision = j.value("revision", 1);
        c.revised_at = ReadOptionalMillis(j, "revised_at");
        c.warnings_fired = j.value("warnings_fired", 0);
        c.warnings_revision = j.value("warnings_revision", 1);
        for (const auto& b : j.at("breaches"))
            c.breaches.push_back({b.value("number", 0), b.value("revision", 0), domain::FromMillis(b.at("at").get<std::int64_t>())});
        if (auto done = r.Done(); !done) return std::unexpected(done.error());
        return c;
    } catch (const json::exception& e) {
        return domain::Fail(ErrorCode::kInternal, std::string("stored clock is corrupt: ") + e.what());
    }
}

}  // namespace kesu::codec
