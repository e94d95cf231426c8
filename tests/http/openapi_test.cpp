// Keeps src/http/openapi.json in step with the code: every route of the router with its method, path
// parameters and security; nothing the router lacks; resolvable references; and enums equal to the domain's
// name tables, so a new status, channel or action cannot be forgotten in the served document.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "domain/complaint.hpp"
#include "domain/role.hpp"
#include "domain/workflow.hpp"
#include "http/api.hpp"
#include "http/openapi_document.hpp"

namespace kesu::http {
namespace {

using nlohmann::json;
using Names = std::vector<std::string>;

const json& Document() {
    static const json document = json::parse(OpenApiDocument());
    return document;
}

std::string Lower(std::string text) {
    std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

bool IsMethod(const std::string& key) {
    static const std::set<std::string> kMethods{"get", "put", "post", "delete", "options", "head", "patch", "trace"};
    return kMethods.contains(key);
}

template <class E>
Names NamesOf(std::span<const domain::EnumName<E>> table) {
    Names names;
    for (const auto& entry : table) names.emplace_back(entry.name);
    return names;
}

Names CustomerActionNames() {
    Names names;
    for (const auto& entry : domain::ActionNames())
        if (domain::IsCustomerAction(entry.value)) names.emplace_back(entry.name);
    return names;
}

Names StaffRoleNames() {
    Names names;
    for (domain::Role role : domain::StaffRoles()) names.emplace_back(domain::RoleName(role));
    return names;
}

Names PermissionNames() {
    Names names;
    for (int i = 0; i <= static_cast<int>(domain::Permission::kCustomerRespond); ++i)
        names.emplace_back(domain::PermissionName(static_cast<domain::Permission>(i)));
    return names;
}

// The enum schemas in components/schemas and the domain table each must equal.
const std::map<std::string, Names>& EnumComponents() {
    static const std::map<std::string, Names> components{
        {"Status", NamesOf(domain::StatusNames())},
        {"Channel", NamesOf(domain::ChannelNames())},
        {"RequestKind", NamesOf(domain::RequestKindNames())},
        {"Level", NamesOf(domain::LevelNames())},
        {"Difficulty", NamesOf(domain::DifficultyNames())},
        {"Action", NamesOf(domain::ActionNames())},
        {"CustomerAction", CustomerActionNames()},
        {"CauseCategory", NamesOf(domain::CauseCategoryNames())},
        {"PlanStatus", NamesOf(domain::PlanStatusNames())},
        {"RecheckDecision", NamesOf(domain::RecheckDecisionNames())},
        {"Role", StaffRoleNames()},
        {"Permission", PermissionNames()},
        {"TokenScope", NamesOf(domain::TokenScopeNames())},
    };
    return components;
}

// The enum's names; null (the way OpenAPI 3.0 spells a nullable enum) is left out.
Names EnumValues(const json& schema) {
    Names values;
    for (const auto& value : schema.at("enum"))
        if (!value.is_null()) values.push_back(value.get<std::string>());
    return values;
}

// Follows $ref chains and single-element allOf wrappers (which give a reference a default); `component` receives the
// name of the last components/schemas entry passed through.
const json& Resolve(const json& schema, std::string* component = nullptr) {
    const json* current = &schema;
    for (int hops = 0; hops < 16; ++hops) {
        if (current->contains("$ref")) {
            std::string target = current->at("$ref").get<std::string>();
            json::json_pointer pointer(target.substr(1));
            if (!Document().contains(pointer)) break;  // reported by ResolvesEveryReference
            if (component && target.starts_with("#/components/schemas/")) *component = target.substr(21);
            current = &Document().at(pointer);
        } else if (current->contains("allOf") && current->at("allOf").size() == 1) {
            current = &current->at("allOf").front();
        } else {
            break;
        }
    }
    return *current;
}

// Calls `visit` for every object in the document, with its JSON pointer.
void ForEachObject(const json& value, const std::string& pointer,
                   const std::function<void(const json&, const std::string&)>& visit) {
    if (value.is_object()) {
        visit(value, pointer);
        for (const auto& [key, child] : value.items()) {
            ForEachObject(child, (json::json_pointer(pointer) / key).to_string(), visit);
        }
    } else if (value.is_array()) {
        for (std::size_t i = 0; i < value.size(); ++i)
            ForEachObject(value[i], pointer + "/" + std::to_string(i), visit);
    }
}

// The route's operation, or nullptr when undocumented (reported by DescribesEveryRouteWithItsMethodAndOperationId).
const json* FindOperation(const Route& route) {
    json::json_pointer pointer = json::json_pointer("/paths") / route.pattern / Lower(route.method);
    return Document().contains(pointer) ? &Document().at(pointer) : nullptr;
}

std::string OperationIdOf(const Route& route) {
    std::string id = route.name;
    std::ranges::replace(id, '.', '_');
    return id;
}

TEST(OpenApiDocument, IsValidJsonDeclaringOpenApi3) {
    json document = json::parse(OpenApiDocument(), nullptr, false);
    ASSERT_FALSE(document.is_discarded()) << "src/http/openapi.json is not valid JSON";
    ASSERT_TRUE(document.contains("openapi"));
    EXPECT_TRUE(document.at("openapi").get<std::string>().starts_with("3."));
    EXPECT_TRUE(document.at("info").contains("title"));
    EXPECT_TRUE(document.at("info").contains("version"));
    EXPECT_TRUE(document.at("paths").is_object());
}

TEST(OpenApiDocument, DescribesEveryRouteWithItsMethodAndOperationId) {
    const json& paths = Document().at("paths");
    for (const Route& route : Api::Routes()) {
        SCOPED_TRACE(std::string(route.method) + " " + route.pattern);
        ASSERT_TRUE(paths.contains(route.pattern)) << "path missing from openapi.json";
        ASSERT_TRUE(paths.at(route.pattern).contains(Lower(route.method))) << "method missing from openapi.json";
        const json& operation = *FindOperation(route);
        EXPECT_EQ(operation.value("operationId", ""), OperationIdOf(route));
        EXPECT_FALSE(operation.value("summary", "").empty());
        EXPECT_FALSE(operation.value("tags", json::array()).empty());
        EXPECT_FALSE(operation.at("responses").empty());
    }
}

TEST(OpenApiDocument, DescribesNoOperationTheRouterLacks) {
    std::set<std::pair<std::string, std::string>> routed;
    for (const Route& route : Api::Routes()) routed.emplace(route.pattern, Lower(route.method));
    std::set<std::string> operation_ids;
    for (const auto& [path, item] : Document().at("paths").items()) {
        for (const auto& [key, operation] : item.items()) {
            if (!IsMethod(key)) continue;
            EXPECT_TRUE(routed.contains({path, key})) << key << " " << path << " is documented but not routed";
            EXPECT_TRUE(operation_ids.insert(operation.value("operationId", "")).second)
                << "duplicate operationId on " << key << " " << path;
        }
    }
}

TEST(OpenApiDocument, DeclaresEachPathPlaceholderAsARequiredPathParameter) {
    for (const Route& route : Api::Routes()) {
        SCOPED_TRACE(std::string(route.method) + " " + route.pattern);
        std::set<std::string> placeholders;
        std::string pattern = route.pattern;
        for (auto open = pattern.find('{'); open != std::string::npos; open = pattern.find('{', open + 1))
            placeholders.insert(pattern.substr(open + 1, pattern.find('}', open) - open - 1));
        std::set<std::string> declared;
        const json* operation = FindOperation(route);
        if (operation == nullptr) continue;
        for (const auto& parameter : operation->value("parameters", json::array())) {
            const json& resolved = Resolve(parameter);
            if (resolved.at("in") != "path") continue;
            EXPECT_TRUE(resolved.value("required", false)) << resolved.at("name");
            declared.insert(resolved.at("name").get<std::string>());
        }
        EXPECT_EQ(declared, placeholders);
    }
}

TEST(OpenApiDocument, AsksForCredentialsExactlyOnStaffRoutes) {
    for (const Route& route : Api::Routes()) {
        SCOPED_TRACE(std::string(route.method) + " " + route.pattern);
        const json* found = FindOperation(route);
        if (found == nullptr) continue;
        const json& operation = *found;
        json security = operation.contains("security") ? operation.at("security") : Document().at("security");
        if (route.access == Access::kPublic) {
            EXPECT_TRUE(security.empty()) << "a public route must declare security: []";
            continue;
        }
        ASSERT_FALSE(security.empty());
        bool unsafe = std::string_view(route.method) != "GET";
        bool bearer = false;
        for (const auto& requirement : security) {
            bearer = bearer || requirement.contains("bearerAuth");
            if (requirement.contains("cookieAuth")) {
                EXPECT_EQ(requirement.contains("csrfToken"), unsafe)
                    << "the cookie needs X-CSRF-Token on unsafe methods";
            }
        }
        EXPECT_TRUE(bearer) << "staff routes accept API tokens";
        EXPECT_TRUE(operation.at("responses").contains("401"));
    }
}

TEST(OpenApiDocument, ResolvesEveryReference) {
    int references = 0;
    ForEachObject(Document(), "", [&](const json& object, const std::string& pointer) {
        if (!object.contains("$ref")) return;
        ++references;
        std::string target = object.at("$ref").get<std::string>();
        ASSERT_TRUE(target.starts_with("#/")) << pointer << ": only local references are used";
        EXPECT_TRUE(Document().contains(json::json_pointer(target.substr(1)))) << pointer << " -> " << target;
    });
    EXPECT_GT(references, 100);
}

TEST(OpenApiDocument, EnumSchemasEqualTheDomainNameTables) {
    const json& schemas = Document().at("components").at("schemas");
    for (const auto& [name, expected] : EnumComponents()) {
        SCOPED_TRACE(name);
        ASSERT_TRUE(schemas.contains(name));
        EXPECT_EQ(EnumValues(schemas.at(name)), expected);
    }
}

// Every property or parameter named status, channel, level, difficulty, kind or action (also actions, from,
// to) that carries an enum: inline, it must equal the domain's table; by reference, the referenced component
// must be one meant for that name (and EnumSchemasEqualTheDomainNameTables checks the component).
TEST(OpenApiDocument, EveryStatusChannelLevelDifficultyKindAndActionEnumMatchesTheDomain) {
    const std::map<std::string, std::set<std::string>> allowed{
        {"status", {"Status", "PlanStatus"}}, {"channel", {"Channel"}},  {"level", {"Level"}},
        {"difficulty", {"Difficulty"}},       {"kind", {"RequestKind"}}, {"action", {"Action", "CustomerAction"}},
    };
    const std::map<std::string, std::string> inline_table{{"status", "Status"},    {"channel", "Channel"},
                                                          {"level", "Level"},      {"difficulty", "Difficulty"},
                                                          {"kind", "RequestKind"}, {"action", "Action"}};
    auto key_for = [](const std::string& name) -> std::string {
        if (name == "actions") return "action";
        if (name == "from" || name == "to") return "status";
        return name;
    };
    int checked = 0;
    auto check = [&](const std::string& name, const json& schema, const std::string& where) {
        std::string key = key_for(name);
        if (!allowed.contains(key)) return;
        std::string component;
        const json* resolved = &Resolve(schema, &component);
        if (resolved->value("type", "") == "array") resolved = &Resolve(resolved->at("items"), &component);
        if (!resolved->contains("enum")) return;
        ++checked;
        SCOPED_TRACE(where);
        if (component.empty()) {
            EXPECT_EQ(EnumValues(*resolved), EnumComponents().at(inline_table.at(key)));
        } else {
            EXPECT_TRUE(allowed.at(key).contains(component)) << name << " refers to " << component;
        }
    };
    ForEachObject(Document(), "", [&](const json& object, const std::string& pointer) {
        if (object.contains("properties") && object.at("properties").is_object()) {
            for (const auto& [name, schema] : object.at("properties").items())
                check(name, schema, pointer + "/properties/" + name);
        }
        if (object.contains("in") && object.contains("name") && object.contains("schema"))
            check(object.at("name").get<std::string>(), object.at("schema"), pointer);
    });
    EXPECT_GT(checked, 25);
}

// The name of each action's free-text field differs per action (message, reason, summary, ...): the variant
// schema must offer exactly that one, required exactly when the server requires it.
void ExpectTextField(const json& schema, domain::Action action) {
    static const std::set<std::string> kTextFields{"message", "comment", "reason", "summary", "opinion", "answer"};
    domain::TextFieldSpec spec = domain::ActionTextField(action);
    const json& properties = schema.at("properties");
    Names required = schema.value("required", Names{});
    for (const auto& [name, property] : properties.items()) {
        if (kTextFields.contains(name)) {
            EXPECT_EQ(name, spec.name) << "a text field the server refuses for this action";
        }
    }
    if (spec.name.empty()) return;
    EXPECT_TRUE(properties.contains(std::string(spec.name))) << spec.name;
    EXPECT_EQ(std::ranges::find(required, spec.name) != required.end(), spec.required) << spec.name;
}

TEST(OpenApiDocument, DescribesEachActionsBodyWithTheTextFieldTheServerReads) {
    const json& schemas = Document().at("components").at("schemas");
    for (const auto& entry : domain::ActionNames()) {
        std::string name = "ActionRequest_" + std::string(entry.name);
        SCOPED_TRACE(name);
        ASSERT_TRUE(schemas.contains(name));
        const json& schema = schemas.at(name);
        EXPECT_EQ(schema.value("additionalProperties", true), false);
        EXPECT_TRUE(schema.at("properties").contains("version"));
        ExpectTextField(schema, entry.value);
    }
}

TEST(OpenApiDocument, DescribesEachPortalActionsBodyWithTheTextFieldTheServerReads) {
    const json& schemas = Document().at("components").at("schemas");
    for (const auto& entry : domain::ActionNames()) {
        std::string name = "PortalActionRequest_" + std::string(entry.name);
        EXPECT_EQ(schemas.contains(name), domain::IsCustomerAction(entry.value)) << name;
        if (!schemas.contains(name)) continue;
        SCOPED_TRACE(name);
        EXPECT_TRUE(schemas.at(name).at("properties").contains("access_code"));
        ExpectTextField(schemas.at(name), entry.value);
    }
}

// The server refuses unknown fields in every JSON body, at every level.
void ExpectClosed(const json& schema, const std::string& where, std::set<const json*>& seen) {
    const json& resolved = Resolve(schema);
    if (!seen.insert(&resolved).second) return;
    if (resolved.contains("properties")) {
        EXPECT_EQ(resolved.value("additionalProperties", true), false) << where;
        for (const auto& [name, property] : resolved.at("properties").items())
            ExpectClosed(property, where + "." + name, seen);
    }
    if (resolved.contains("items")) ExpectClosed(resolved.at("items"), where + "[]", seen);
    for (const char* combinator : {"anyOf", "oneOf", "allOf"})
        for (const auto& part : resolved.value(combinator, json::array())) ExpectClosed(part, where, seen);
}

TEST(OpenApiDocument, MakesEveryJsonRequestBodyRefuseUnknownFields) {
    int bodies = 0;
    for (const Route& route : Api::Routes()) {
        const json* operation = FindOperation(route);
        if (operation == nullptr || !operation->contains("requestBody")) continue;
        const json& content = Resolve(operation->at("requestBody")).at("content");
        if (!content.contains("application/json")) continue;
        ++bodies;
        std::set<const json*> seen;
        ExpectClosed(content.at("application/json").at("schema"), route.name, seen);
    }
    EXPECT_GT(bodies, 20);
}

TEST(OpenApiDocument, TakesUploadsAsTheRawFileBody) {
    for (const Route& route : Api::Routes()) {
        if (route.admit_upload == nullptr) continue;
        SCOPED_TRACE(route.name);
        const json* operation = FindOperation(route);
        if (operation == nullptr) continue;
        ASSERT_TRUE(operation->contains("requestBody"));
        const json& content = Resolve(operation->at("requestBody")).at("content");
        ASSERT_FALSE(content.contains("application/json"));
        ASSERT_FALSE(content.empty());
        EXPECT_EQ(content.begin()->at("schema").value("format", ""), "binary");
    }
}

}  // namespace
}  // namespace kesu::http
