// Handlers for complaints, their actions, messages, attachments and the repeat check.
#include <algorithm>
#include <chrono>
#include <charconv>

#include "domain/content_type.hpp"
#include "http/api.hpp"
#include "http/handler_support.hpp"
#include "use_cases/edit_complaint.hpp"
#include "use_cases/file_complaint.hpp"
#include "use_cases/messages.hpp"
#include "use_cases/perform_action.hpp"
#include "use_cases/portal.hpp"
#include "use_cases/view_complaint.hpp"

namespace kesu::http {

using domain::ErrorCode;
using nlohmann::json;

namespace {

// Reads the fields of a new complaint. Staff may set channel, times and classification; the portal may not.
domain::Result<use_cases::NewComplaint> ReadNewComplaint(const json& body, bool staff, domain::Instant now) {
    std::vector<domain::FieldError> errors;
    FieldReader reader(body, errors);
    use_cases::NewComplaint in;
    in.kind = reader.Enum("kind", domain::RequestKindNames(), false).value_or(domain::RequestKind::kComplaint);
    if (staff) {
        in.channel = reader.Enum("channel", domain::ChannelNames(), true).value_or(domain::Channel::kWeb);
        in.received_at = reader.Time("received_at", false);
        in.business_line = reader.Text("business_line", false, domain::kMaxShortText).value_or("");
        in.source_ref = reader.Text("source_ref", false, domain::kMaxShortText).value_or("");
        in.source = reader.Text("source", false, 32).value_or("");
        in.category_id = reader.Integer("category_id", false, 1, INT64_MAX);
        in.acknowledge = reader.Boolean("acknowledge", false).value_or(false);
    } else {
        in.channel = domain::Channel::kPortal;
    }
    in.occurred_at = reader.Time("occurred_at", false);
    in.subject = reader.Text("subject", true, domain::kMaxSubject).value_or("");
    in.description = reader.Text("description", true, domain::kMaxLongText).value_or("");
    in.product = reader.Text("product", false, domain::kMaxShortText).value_or("");
    in.order_number = reader.Text("order_number", false, domain::kMaxShortText).value_or("");
    in.customer_request = reader.Text("customer_request", false, domain::kMaxMediumText).value_or("");
    in.amount_fen = reader.Money("amount", false);
    in.privacy_consent = reader.Boolean("privacy_consent", !staff).value_or(false);
    if (const json* person = reader.Object("complainant", true)) {
        FieldReader p(*person, errors, "complainant.");
        in.complainant.name = p.Text("name", true, domain::kMaxShortText).value_or("");
        in.complainant.phone = p.Text("phone", false, 20).value_or("");
        in.complainant.email = p.Text("email", false, 254).value_or("");
        in.complainant.customer_id = p.Text("customer_id", false, domain::kMaxShortText).value_or("");
        in.complainant.id_number = p.Text("id_number", false, 30).value_or("");
        in.complainant.address = p.Text("address", false, 200).value_or("");
        in.complainant.other_contact = p.Text("other_contact", false, domain::kMaxShortText).value_or("");
        p.RejectUnknown();
    }
    reader.RejectUnknown();
    if (!errors.empty()) {
        // Report the domain's checks too (phone shape, a way to reach the customer, ...), so one 400 names every
        // field at fault rather than revealing them one round at a time.
        for (auto& error : use_cases::ValidateNewComplaint(in, now)) {
            bool named = std::ranges::any_of(errors, [&](const domain::FieldError& e) { return e.field == error.field; });
            if (!named) errors.push_back(std::move(error));
        }
        if (!staff && !in.privacy_consent &&
            std::ranges::none_of(errors, [](const domain::FieldError& e) { return e.field == "privacy_consent"; }))
            errors.push_back({"privacy_consent", "you must agree to the privacy notice before submitting"});
    }
    return Finish(errors, std::move(in));
}

// The Idempotency-Key header, if given: 1..128 visible ASCII characters.
domain::Result<std::optional<use_cases::IdempotencyKey>> ReadIdempotencyKey(const Call& call, std::string scope,
                                                                           const domain::TokenService& tokens) {
    std::string_view key = call.request.Header("idempotency-key");
    if (key.empty()) return std::optional<use_cases::IdempotencyKey>();
    bool visible = key.size() <= 128;
    for (char c : key) visible = visible && c > 0x20 && c < 0x7F;
    if (!visible)
        return domain::FailField(ErrorCode::kInvalidArgument, "Idempotency-Key",
                                 "must be 1 to 128 visible ASCII characters");
    return std::optional(use_cases::IdempotencyKey{std::move(scope), std::string(key), tokens.Digest(call.request.body)});
}

}  // namespace

Response Api::OnCreateComplaint(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    auto input = ReadNewComplaint(*body, true, deps_.clock.Now());
    if (!input) return Problem(call, input.error());
    auto key = ReadIdempotencyKey(call, "user:" + std::to_string(call.context.actor.user_id), deps_.tokens);
    if (!key) return Problem(call, key.error());
    auto filed = use_cases::FileComplaint(deps_, call.context, *input, *key);
    if (!filed) return Problem(call, filed.error());
    json repeats = json::array();
    for (const auto& summary : filed->same_person.visible) repeats.push_back(SummaryJson(summary));
    Response response = JsonResponse(
        201,
        {{"complaint", ComplaintJson(filed->complaint, domain::AvailableActions(filed->complaint, call.context.actor))},
                                           {"access_code", filed->access_code},
         {"open_by_same_person", repeats},
         {"open_by_same_person_out_of_scope", filed->same_person.out_of_scope}});
    response.SetHeader("Location", "/api/v1/complaints/" + std::to_string(filed->complaint.id));
    if (filed->replayed) response.SetHeader("Idempotent-Replayed", "true");
    return response;
}

namespace {

// Query parameters of the complaint list. Unknown ones are errors, so a typo is not silently ignored.
domain::Result<domain::ComplaintQuery> ReadListQuery(const Call& call, domain::Instant now) {
    domain::ComplaintQuery q;
    std::vector<domain::FieldError> errors;
    auto integer = [&](const std::string& name, const std::string& value) -> std::optional<std::int64_t> {
        std::int64_t number = 0;
        auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
        if (ec != std::errc() || end != value.data() + value.size() || number < (name == "limit" ? 0 : 1)) {
            errors.push_back({name, name == "limit" ? "must be an integer" : "must be a positive integer"});
            return std::nullopt;
        }
        return number;
    };
    auto enumeration = [&](const std::string& name, const std::string& value, auto names) {
        auto parsed = domain::ParseIn(names, value);
        if (!parsed) errors.push_back({name, "is not a known value"});
        return parsed;
    };
    for (const auto& [name, value] : call.request.query) {
        if (name == "status") q.status = enumeration(name, value, domain::StatusNames());
        else if (name == "kind") q.kind = enumeration(name, value, domain::RequestKindNames());
        else if (name == "level") q.level = enumeration(name, value, domain::LevelNames());
        else if (name == "channel") q.channel = enumeration(name, value, domain::ChannelNames());
        else if (name == "category_id") q.category_id = integer(name, value);
        else if (name == "department_id") {
            if (value == "none") q.unassigned_department = true;
            else q.department_id = integer(name, value);
        } else if (name == "owner_id") {
            if (value == "me") q.owner_id = call.context.actor.user_id;
            else if (value == "none") q.unowned = true;
            else q.owner_id = integer(name, value);
        } else if (name == "open") {
            if (value == "true" || value == "false") q.open = value == "true";
            else errors.push_back({name, "must be true or false"});
        } else if (name == "received_from" || name == "received_to") {
            auto at = domain::ParseInstant(value);
            if (!at) errors.push_back({name, "must be an RFC 3339 date-time with an offset"});
            (name == "received_from" ? q.received_from : q.received_to) = at;
        } else if (name == "due_before") {
            q.due_before = domain::ParseInstant(value);
            if (!q.due_before) errors.push_back({name, "must be an RFC 3339 date-time with an offset"});
        } else if (name == "overdue") {
            if (value == "true") q.due_before = now;
            else if (value != "false") errors.push_back({name, "must be true or false"});
        } else if (name == "emergency") {
            if (value == "true" || value == "false") q.emergency_only = value == "true";
            else errors.push_back({name, "must be true or false"});
        } else if (name == "sort") {
            if (value == "received_at") q.sort = domain::ComplaintSort::kReceivedAt;
            else if (value == "updated_at") q.sort = domain::ComplaintSort::kUpdatedAt;
            else errors.push_back({name, "must be received_at or updated_at"});
        } else if (name == "order") {
            if (value == "asc" || value == "desc") q.descending = value == "desc";
            else errors.push_back({name, "must be asc or desc"});
        } else if (name == "limit") {
            auto limit = integer(name, value);
            if (limit && (*limit < 1 || *limit > 200)) errors.push_back({name, "must be 1 to 200"});
            else if (limit) q.limit = static_cast<int>(*limit);
        } else if (name == "cursor") {
            auto dot = value.find('.');
            std::int64_t sort_value = 0, id = 0;
            auto whole = [](const char* begin, const char* end, std::int64_t& out) {
                auto [stop, ec] = std::from_chars(begin, end, out);
                return ec == std::errc() && stop == end && begin != end;
            };
            bool ok = dot != std::string::npos && whole(value.data(), value.data() + dot, sort_value) &&
                      whole(value.data() + dot + 1, value.data() + value.size(), id) && id > 0;
            if (ok) q.after = domain::PageCursor{sort_value, id};
            else errors.push_back({name, "is not a cursor returned by this API"});
        } else {
            errors.push_back({name, "is not a known query parameter"});
        }
    }
    return Finish(errors, std::move(q));
}

}  // namespace

namespace {

// The search variant of the list: `q` (the query language), ranked by relevance unless sort=received_at;
// pages are offsets ("o40") because a ranking has no keyset.
Response SearchList(Api& api, const use_cases::Dependencies& deps, Call& call, std::string text) {
    std::vector<std::pair<std::string, std::string>> rest;
    std::int64_t offset = 0;
    bool by_date = false;
    std::vector<domain::FieldError> errors;
    for (const auto& [name, value] : call.request.query) {
        if (name == "q") continue;
        if (name == "cursor") {
            std::int64_t parsed = 0;
            bool ok = value.size() >= 2 && value[0] == 'o';
            if (ok) {
                auto [end, ec] = std::from_chars(value.data() + 1, value.data() + value.size(), parsed);
                ok = ec == std::errc() && end == value.data() + value.size() && parsed >= 0;
            }
            if (!ok) errors.push_back({name, "is not a cursor returned by this API"});
            else offset = parsed;
        } else if (name == "sort") {
            if (value == "received_at") by_date = true;
            else if (value != "relevance") errors.push_back({name, "must be relevance or received_at when searching"});
        } else {
            rest.emplace_back(name, value);
        }
    }
    if (!errors.empty()) return ProblemResponse(domain::FailFields(errors).error(), call.context.request_id);
    Request filtered = call.request;
    filtered.query = rest;
    Call filter_call{filtered, call.context, call.auth, call.params};
    auto query = ReadListQuery(filter_call, deps.clock.Now());
    if (!query) return ProblemResponse(query.error(), call.context.request_id);
    auto page = use_cases::SearchComplaints(deps, call.context, std::move(text), *query, offset, by_date);
    if (!page) {
        domain::Error error = page.error();
        if (error.code == domain::ErrorCode::kInvalidArgument && error.fields.empty())
            error.fields.push_back({"q", error.message});
        return ProblemResponse(error, call.context.request_id);
    }
    json items = json::array();
    domain::Instant now = deps.clock.Now();
    for (const auto& hit : page->items) {
        json item = SummaryJson(hit.summary);
        item["overdue"] = hit.summary.next_due_at && *hit.summary.next_due_at < now;
        item["score"] = hit.score;
        item["snippet"] = hit.snippet;
        items.push_back(std::move(item));
    }
    (void)api;
    return JsonResponse(200, {{"items", items},
                              {"total", page->total},
                              {"total_capped", page->total_capped},
                              {"incomplete", page->incomplete},
                              {"next_cursor", page->next_offset ? json("o" + std::to_string(*page->next_offset)) : json(nullptr)}});
}

}  // namespace

Response Api::OnSimilar(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    int limit = 10;
    if (auto text = call.request.QueryValue("limit")) {
        auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
        if (ec != std::errc() || end != text->data() + text->size() || limit < 1 || limit > 50)
            return Problem(call, domain::FailField(ErrorCode::kInvalidArgument, "limit", "must be 1 to 50").error());
    }
    auto similar = use_cases::FindSimilarComplaints(deps_, call.context, *id, limit);
    if (!similar) return Problem(call, similar.error());
    json items = json::array();
    for (const auto& hit : *similar) {
        json item = SummaryJson(hit.summary);
        item["similarity"] = hit.similarity;
        item["same_customer"] = hit.same_customer;
        items.push_back(std::move(item));
    }
    return JsonResponse(200, {{"items", items}});
}

Response Api::OnListComplaints(Call& call) {
    if (auto text = call.request.QueryValue("q")) return SearchList(*this, deps_, call, *text);
    auto query = ReadListQuery(call, deps_.clock.Now());
    if (!query) return Problem(call, query.error());
    auto page = use_cases::ListComplaints(deps_, call.context, *query);
    if (!page) return Problem(call, page.error());
    json items = json::array();
    domain::Instant now = deps_.clock.Now();
    for (const auto& summary : page->items) {
        json item = SummaryJson(summary);
        item["overdue"] = summary.next_due_at && *summary.next_due_at < now;
        items.push_back(std::move(item));
    }
    json next = page->next ? json(std::to_string(page->next->sort_value) + "." + std::to_string(page->next->id)) : json(nullptr);
    return JsonResponse(200, {{"items", items}, {"next_cursor", next}});
}

Response Api::OnGetComplaint(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto view = use_cases::GetComplaint(deps_, call.context, *id);
    if (!view) return Problem(call, view.error());
    return JsonResponse(200, ComplaintJson(view->complaint, view->actions, &view->clocks));
}

Response Api::OnEditComplaint(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::ComplaintPatch patch;
    patch.expected_version = static_cast<int>(reader.Integer("version", true, 1, INT32_MAX).value_or(0));
    patch.subject = reader.Text("subject", false, domain::kMaxSubject);
    patch.description = reader.Text("description", false, domain::kMaxLongText);
    patch.product = reader.Text("product", false, domain::kMaxShortText);
    patch.order_number = reader.Text("order_number", false, domain::kMaxShortText);
    patch.customer_request = reader.Text("customer_request", false, domain::kMaxMediumText);
    patch.business_line = reader.Text("business_line", false, domain::kMaxShortText);
    patch.source_ref = reader.Text("source_ref", false, domain::kMaxShortText);
    if (reader.IsNull("amount")) {
        patch.amount_fen = std::optional<std::int64_t>();
        (void)reader.Money("amount", false);
    } else if (auto amount = reader.Money("amount", false)) {
        patch.amount_fen = std::optional(*amount);
    }
    if (reader.IsNull("occurred_at")) {
        patch.occurred_at = std::optional<domain::Instant>();
        (void)reader.Time("occurred_at", false);
    } else if (auto at = reader.Time("occurred_at", false)) {
        patch.occurred_at = std::optional(*at);
    }
    patch.channel = reader.Enum("channel", domain::ChannelNames(), false);
    if (const json* person = reader.Object("complainant", false)) {
        FieldReader p(*person, errors, "complainant.");
        patch.name = p.Text("name", false, domain::kMaxShortText);
        patch.phone = p.Text("phone", false, 20);
        patch.email = p.Text("email", false, 254);
        patch.customer_id = p.Text("customer_id", false, domain::kMaxShortText);
        patch.id_number = p.Text("id_number", false, 30);
        patch.address = p.Text("address", false, 200);
        patch.other_contact = p.Text("other_contact", false, domain::kMaxShortText);
        p.RejectUnknown();
    }
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto edited = use_cases::EditComplaintFacts(deps_, call.context, *id, patch);
    if (!edited) return Problem(call, edited.error());
    return JsonResponse(200, ComplaintJson(*edited, domain::AvailableActions(*edited, call.context.actor)));
}

namespace {

// The body of an action: the version, the action's text field, and the structured fields that action takes.
domain::Result<use_cases::ActionRequest> ReadAction(const json& body, domain::Action action) {
    using domain::Action;
    std::vector<domain::FieldError> errors;
    FieldReader reader(body, errors);
    use_cases::ActionRequest request;
    request.action = action;
    request.expected_version = static_cast<int>(reader.Integer("version", true, 1, INT32_MAX).value_or(0));
    domain::TextFieldSpec text = domain::ActionTextField(action);
    if (!text.name.empty()) {
        std::string name(text.name);
        // Whether it is required depends on the complaint's kind: the domain checks and names it.
        request.input.text = reader.Text(name.c_str(), false, domain::kMaxLongText).value_or("");
    }
    domain::ActionInput& in = request.input;
    auto id = [&](const char* key, bool required) { return reader.Integer(key, required, 1, INT64_MAX); };
    switch (action) {
        case Action::kTriage:
        case Action::kReclassify: {
            bool triage = action == Action::kTriage;
            in.category_id = id("category_id", triage);
            in.level = reader.Enum("level", domain::LevelNames(), triage);
            in.difficulty = reader.Enum("difficulty", domain::DifficultyNames(), triage);
            in.business_line = reader.Text("business_line", false, domain::kMaxShortText);
            if (triage) {
                in.department_id = id("department_id", true);
                in.owner_id = id("owner_id", false);
            }
            break;
        }
        case Action::kAssign:
            in.department_id = id("department_id", false);
            in.owner_id = id("owner_id", false);
            break;
        case Action::kTransfer:
            in.department_id = id("department_id", true);
            break;
        case Action::kRecordCause:
            if (const json* cause = reader.Object("cause", true)) {
                FieldReader c(*cause, errors, "cause.");
                domain::CauseAnalysis analysis;
                analysis.category = c.Enum("category", domain::CauseCategoryNames(), true).value_or(domain::CauseCategory::kOther);
                analysis.root_cause = c.Text("root_cause", true, domain::kMaxLongText).value_or("");
                analysis.analysis_notes = c.Text("analysis_notes", false, domain::kMaxLongText).value_or("");
                analysis.responsible_department_id = c.Integer("responsible_department_id", false, 1, INT64_MAX);
                analysis.responsible_person = c.Text("responsible_person", false, domain::kMaxShortText).value_or("");
                analysis.accountability = c.Text("accountability", false, domain::kMaxMediumText).value_or("");
                c.RejectUnknown();
                in.cause = analysis;
            }
            break;
        case Action::kSubmitPlan:
            in.compensation_fen = reader.Money("compensation", false);
            if (const json* measures = reader.Array("measures", true, 50)) {
                std::vector<domain::Measure> list;
                for (std::size_t i = 0; i < measures->size(); ++i) {
                    std::string prefix = "measures[" + std::to_string(i) + "].";
                    const json& item = (*measures)[i];
                    if (!item.is_object()) {
                        errors.push_back({prefix.substr(0, prefix.size() - 1), "must be an object"});
                        continue;
                    }
                    FieldReader m(item, errors, prefix);
                    domain::Measure measure;
                    measure.description = m.Text("description", true, domain::kMaxMediumText).value_or("");
                    measure.owner = m.Text("owner", true, domain::kMaxShortText).value_or("");
                    measure.deadline = m.Time("deadline", true).value_or(domain::Instant{});
                    measure.expected_effect = m.Text("expected_effect", false, domain::kMaxMediumText).value_or("");
                    m.RejectUnknown();
                    list.push_back(std::move(measure));
                }
                in.measures = std::move(list);
            }
            break;
        case Action::kCompleteMeasure:
            if (auto index = reader.Integer("measure_index", true, 0, 49)) in.measure_index = static_cast<int>(*index);
            break;
        case Action::kStartRecheck:
            in.reviewer_id = id("reviewer_id", true);
            break;
        case Action::kMerge:
            in.target_id = id("target_id", true);
            break;
        default:
            break;
    }
    reader.RejectUnknown();
    return Finish(errors, std::move(request));
}

}  // namespace

Response Api::OnAction(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto action = domain::ParseIn(domain::ActionNames(), call.params.at(1));
    if (!action) return Problem(call, {ErrorCode::kNotFound, "no such action: " + call.params.at(1), {}, 0});
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    auto request = ReadAction(*body, *action);
    if (!request) return Problem(call, request.error());
    request->complaint_id = *id;
    auto done = use_cases::PerformAction(deps_, call.context, *request);
    if (!done) return Problem(call, done.error());
    return JsonResponse(200, ComplaintJson(*done, domain::AvailableActions(*done, call.context.actor)));
}

Response Api::OnReveal(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto complainant = use_cases::RevealComplainant(deps_, call.context, *id);
    if (!complainant) return Problem(call, complainant.error());
    return JsonResponse(200, {{"complainant", ComplainantJson(*complainant)}});
}

Response Api::OnTimeline(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto events = use_cases::GetTimeline(deps_, call.context, *id);
    if (!events) return Problem(call, events.error());
    json list = json::array();
    for (const auto& event : *events) list.push_back(EventJson(event));
    return JsonResponse(200, {{"events", list}});
}

Response Api::OnListMessages(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto messages = use_cases::ListMessages(deps_, call.context, *id);
    if (!messages) return Problem(call, messages.error());
    json list = json::array();
    for (const auto& message : *messages) list.push_back(MessageJson(message));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnAddMessage(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    use_cases::NewMessage message;
    message.body = reader.Text("body", true, domain::kMaxLongText).value_or("");
    auto visibility = reader.Text("visibility", true, 16);
    if (visibility && *visibility != "internal" && *visibility != "customer")
        reader.Error("visibility", "must be internal or customer");
    message.customer_visible = visibility == "customer";
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto added = use_cases::AddMessage(deps_, call.context, *id, message);
    if (!added) return Problem(call, added.error());
    return JsonResponse(201, MessageJson(*added));
}

domain::Result<use_cases::StoredFile> Api::StageUpload(Call& call) const {
    auto filename = call.request.QueryValue("filename");
    if (!filename || filename->empty())
        return domain::FailField(ErrorCode::kInvalidArgument, "filename", "is required as a query parameter");
    if (call.request.body_file.empty() || call.request.body_size == 0)
        return domain::FailField(ErrorCode::kInvalidArgument, "body", "the file is empty");
    auto facts = files_.Inspect(call.request.body_file);
    if (!facts) return std::unexpected(facts.error());
    auto sniffed = domain::SniffContentType(facts->head);
    if (!sniffed)
        return domain::Fail(ErrorCode::kUnsupportedMediaType,
                            "this kind of file is not accepted (images, audio, video, PDF, Office documents and text are)");
    std::string_view declared = call.request.Header("content-type");
    // Tools that send a raw body often label it generically; only a specific, contradicting type is refused.
    bool generic = declared.empty() || declared.starts_with("application/octet-stream") ||
                   declared.starts_with("application/x-www-form-urlencoded");
    if (!generic && !domain::DeclaredTypeMatches(declared, *sniffed))
        return domain::Fail(ErrorCode::kUnsupportedMediaType, "the file's content is " + *sniffed + ", not " +
                                                                  std::string(declared));
    if (auto adopted = files_.Adopt(call.request.body_file, facts->sha256); !adopted) return std::unexpected(adopted.error());
    use_cases::StoredFile file;
    file.filename = domain::SanitizeFilename(*filename);
    file.content_type = *sniffed;
    file.size = static_cast<std::int64_t>(facts->size);
    file.sha256 = facts->sha256;
    return file;
}

Response Api::OnListAttachments(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto attachments = use_cases::ListAttachments(deps_, call.context, *id);
    if (!attachments) return Problem(call, attachments.error());
    json list = json::array();
    for (const auto& attachment : *attachments) list.push_back(AttachmentJson(attachment));
    return JsonResponse(200, {{"items", list}});
}

Response Api::OnUploadAttachment(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto visibility = call.request.QueryValue("visibility").value_or("internal");
    if (visibility != "internal" && visibility != "customer")
        return Problem(call, domain::FailField(ErrorCode::kInvalidArgument, "visibility", "must be internal or customer").error());
    // Check access before the file is kept: the upload was already streamed to a staging file.
    auto visible = use_cases::GetComplaint(deps_, call.context, *id);
    if (!visible) return Problem(call, visible.error());
    if (!call.context.actor.Has(domain::Permission::kAttach))
        return Problem(call, {ErrorCode::kForbidden, "your role may not attach files", {}, 0});
    if (auto open = use_cases::MayAttachTo(visible->complaint); !open) return Problem(call, open.error());
    auto file = StageUpload(call);
    if (!file) return Problem(call, file.error());
    file->customer_visible = visibility == "customer";
    auto recorded = use_cases::RecordAttachment(deps_, call.context, *id, *file);
    if (!recorded) return Problem(call, recorded.error());
    return JsonResponse(201, AttachmentJson(*recorded));
}

namespace {

Response FileResponse(const storage::files::FileStore& files, const domain::Attachment& attachment) {
    Response response;
    response.file_path = files.PathFor(attachment.sha256);
    response.SetHeader("Content-Type", attachment.content_type);
    response.SetHeader("Content-Disposition", "attachment; filename=\"download\"; filename*=UTF-8''" + [&] {
        std::string encoded;
        for (char character : attachment.filename) {
            auto c = static_cast<unsigned char>(character);
            bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                         c == '-' || c == '_';
            if (plain) encoded += static_cast<char>(c);
            else {
                static constexpr char kHex[] = "0123456789ABCDEF";
                encoded += '%';
                encoded += kHex[c >> 4u];
                encoded += kHex[c & 15u];
            }
        }
        return encoded;
    }());
    response.SetHeader("Cache-Control", "private, no-store");
    response.SetHeader("Content-Security-Policy", "sandbox");
    return response;
}

}  // namespace

Response Api::OnDownloadAttachment(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto attachment = use_cases::GetAttachment(deps_, call.context, *id);
    if (!attachment) return Problem(call, attachment.error());
    return FileResponse(files_, *attachment);
}

Response Api::OnRecordSatisfaction(Call& call) {
    auto id = PathId(call, 0, "id");
    if (!id) return Problem(call, id.error());
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto version = reader.Integer("version", true, 1, INT32_MAX);
    auto rating = reader.Integer("rating", true, 1, 5);
    auto comment = reader.Text("comment", false, domain::kMaxMediumText).value_or("");
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto rated = use_cases::RecordSatisfaction(deps_, call.context, *id, static_cast<int>(*rating), comment,
                                               static_cast<int>(*version));
    if (!rated) return Problem(call, rated.error());
    return JsonResponse(200, ComplaintJson(*rated, domain::AvailableActions(*rated, call.context.actor)));
}

Response Api::OnRepeatCheck(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    domain::Complainant contact;
    contact.phone = reader.Text("phone", false, 20).value_or("");
    contact.email = reader.Text("email", false, 254).value_or("");
    contact.customer_id = reader.Text("customer_id", false, domain::kMaxShortText).value_or("");
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto found = use_cases::FindOpenBySamePerson(deps_, call.context, contact);
    if (!found) return Problem(call, found.error());
    json list = json::array();
    for (const auto& summary : found->visible) list.push_back(SummaryJson(summary));
    return JsonResponse(200, {{"items", list}, {"out_of_scope", found->out_of_scope}});
}

Response Api::OnPortalSubmit(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    auto input = ReadNewComplaint(*body, false, deps_.clock.Now());
    if (!input) return Problem(call, input.error());
    // Anonymous callers share no identity, so a portal key only replays the very same submission: a stranger who
    // happened to pick the same key cannot receive someone else's number and access code.
    auto key = ReadIdempotencyKey(call, "portal:" + deps_.tokens.Digest(call.request.body), deps_.tokens);
    if (!key) return Problem(call, key.error());
    auto filed = use_cases::SubmitFromPortal(deps_, call.context, *input, *key);
    if (!filed) return Problem(call, filed.error());
    Response response = JsonResponse(201, {{"number", filed->complaint.number},
                                           {"access_code", filed->access_code},
                                           {"kind", domain::NameOf(filed->complaint.kind)},
                                           {"status", domain::NameOf(filed->complaint.status)},
                                           {"received_at", domain::FormatInstant(filed->complaint.received_at)}});
    if (filed->replayed) response.SetHeader("Idempotent-Replayed", "true");
    return response;
}

namespace {

domain::Result<use_cases::CustomerCredentials> ReadCredentials(FieldReader& reader, std::string number) {
    auto code = reader.Text("access_code", true, 32);
    if (!code) return domain::FailField(ErrorCode::kInvalidArgument, "access_code", "is required");
    return use_cases::CustomerCredentials{std::move(number), *code};
}

}  // namespace

Response Api::OnPortalTrack(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto number = reader.Text("number", true, 32).value_or("");
    auto code = reader.Text("access_code", true, 32).value_or("");
    reader.RejectUnknown();
    if (!errors.empty()) return Problem(call, domain::FailFields(errors).error());
    auto view = use_cases::TrackComplaint(deps_, call.context, {number, code});
    if (!view) return Problem(call, view.error());
    return JsonResponse(200, CustomerViewJson(*view));
}

Response Api::OnPortalMessage(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto credentials = ReadCredentials(reader, call.params.at(0));
    auto text = reader.Text("body", true, domain::kMaxLongText).value_or("");
    reader.RejectUnknown();
    if (!errors.empty() || !credentials)
        return Problem(call, errors.empty() ? credentials.error() : domain::FailFields(errors).error());
    auto view = use_cases::CustomerAddInformation(deps_, call.context, *credentials, text);
    if (!view) return Problem(call, view.error());
    return JsonResponse(200, CustomerViewJson(*view));
}

Response Api::OnPortalAction(Call& call) {
    auto action = domain::ParseIn(domain::ActionNames(), call.params.at(1));
    if (!action || !domain::IsCustomerAction(*action))
        return Problem(call, {ErrorCode::kNotFound, "customers may confirm, dispute or appeal", {}, 0});
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto credentials = ReadCredentials(reader, call.params.at(0));
    domain::TextFieldSpec spec = domain::ActionTextField(*action);
    std::string name(spec.name);
    auto text = reader.Text(name.c_str(), spec.required, domain::kMaxLongText).value_or("");
    reader.RejectUnknown();
    if (!errors.empty() || !credentials)
        return Problem(call, errors.empty() ? credentials.error() : domain::FailFields(errors).error());
    auto view = use_cases::CustomerRespond(deps_, call.context, *credentials, *action, text);
    if (!view) return Problem(call, view.error());
    return JsonResponse(200, CustomerViewJson(*view));
}

Response Api::OnPortalRate(Call& call) {
    auto body = Body(call);
    if (!body) return Problem(call, body.error());
    std::vector<domain::FieldError> errors;
    FieldReader reader(*body, errors);
    auto credentials = ReadCredentials(reader, call.params.at(0));
    auto rating = reader.Integer("rating", true, 1, 5);
    auto comment = reader.Text("comment", false, domain::kMaxMediumText).value_or("");
    reader.RejectUnknown();
    if (!errors.empty() || !credentials)
        return Problem(call, errors.empty() ? credentials.error() : domain::FailFields(errors).error());
    auto view = use_cases::RateAsCustomer(deps_, call.context, *credentials, static_cast<int>(*rating), comment);
    if (!view) return Problem(call, view.error());
    return JsonResponse(200, CustomerViewJson(*view));
}

Response Api::OnPortalUpload(Call& call) {
    use_cases::CustomerCredentials credentials{call.params.at(0), std::string(call.request.Header("x-access-code"))};
    if (auto checked = use_cases::CheckCustomerCredentials(deps_, call.context, credentials); !checked)
        return Problem(call, checked.error());
    auto file = StageUpload(call);
    if (!file) return Problem(call, file.error());
    auto recorded = use_cases::AttachAsCustomer(deps_, call.context, credentials, *file);
    if (!recorded) return Problem(call, recorded.error());
    return JsonResponse(201, {{"id", recorded->id}, {"filename", recorded->filename},
                              {"content_type", recorded->content_type}, {"size", recorded->size}});
}

Response Api::OnPortalDownload(Call& call) {
    auto id = PathId(call, 1, "id");
    if (!id) return Problem(call, id.error());
    use_cases::CustomerCredentials credentials{call.params.at(0), std::string(call.request.Header("x-access-code"))};
    auto view = use_cases::TrackComplaint(deps_, call.context, credentials);
    if (!view) return Problem(call, view.error());
    for (const auto& attachment : view->attachments)
        if (attachment.id == *id) return FileResponse(files_, attachment);
    return Problem(call, {ErrorCode::kNotFound, "no such attachment on this complaint", {}, 0});
}

}  // namespace kesu::http
