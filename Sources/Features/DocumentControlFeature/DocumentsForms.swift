import DocumentControl
import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import Storage
import WebKit
import WorkCalendar

/// The documentation service's forms, through the same use cases as the routes (`DocumentsAPI.add`, `record`: the
/// contract's rules, the audit chain, a fact never changing another): a letter registered at the desk as it arrives,
/// a document put on control, and an item's later events — a letter delivered, a term extended, a draft's steps. Each
/// error is said in the user's language next to its field, with what was typed kept; nothing is written then. An event
/// is recorded once it has happened: never in the future.
struct DocumentsForms: Sendable {
    let pages: DocumentsPages
    var kit: PageKit { pages.kit }
    var api: DocumentsAPI { pages.api }

    func register(_ router: Router<AppContext>) {
        router.post("documents/letters") { req, ctx in
            await kit.guarded(req, ctx, route: DocumentsAPI.addItem(.incoming)) { v in try await self.letter(req, v) }
        }
        router.post("documents/control") { req, ctx in
            await kit.guarded(req, ctx, route: DocumentsAPI.addItem(.controlled)) { v in try await self.controlled(req, v) }
        }
        router.post("documents/items/{id}/facts") { req, ctx in
            await kit.guarded(req, ctx, route: DocumentsAPI.addFact) { v in try await self.fact(req, ctx, v) }
        }
    }

    /// What a form said wrong: the message and the field (its input's id is `df-<field>`).
    struct Problem: Error { var text: String; var field: String }

    /// A page's forms as they stand: saved a moment ago (`?saved=1`), or refused with a problem and what was typed.
    struct State: Sendable {
        var problem: Problem?
        var values: [String: String] = [:]
        var saved = false
        init(problem: Problem, values: [String: String]) { self.problem = problem; self.values = values }
        init(_ req: Request) { saved = req.uri.queryParameters["saved"] == "1" }

        /// Into a page: the notice, each field's error (`err_<field>`) and what was typed (`v_<field>`).
        func apply(_ c: inout [String: Any], _ v: Viewer, _ kit: PageKit) {
            if saved { c["notice"] = ["kind": "success", "text": kit.i18n.t("documents_form_saved", v.lang)] as [String: Any] }
            if let problem {
                var n: [String: Any] = ["kind": "error", "text": problem.text]
                if !problem.field.isEmpty { n["field_id"] = "df-" + problem.field; c["err_" + problem.field] = problem.text }
                c["notice"] = n
            }
            for (k, value) in values { c["v_" + k] = value }
        }
    }

    func problem(_ key: String, _ field: String, _ v: Viewer) -> Problem { Problem(text: kit.i18n.t(key, v.lang), field: field) }

    /// The body a form writes to: named in the form, one the viewer keeps.
    func body(_ f: WebForm, _ v: Viewer) throws -> String {
        guard let b = f.text("body"), RecordID.problem(b) == nil, DocumentsAPI.scope(v.id).map({ $0.contains(b) }) ?? true else {
            throw APIError.forbidden(kit.i18n.t("error_not_your_organization", v.lang))
        }
        return b
    }

    /// Runs a form's work: on success to `back` (with `saved=1`); on a problem, `page` again with the message next to
    /// its field and what was typed (422). The use case's own refusals (the contract's rules) land on the field their
    /// path names.
    func answer(_ v: Viewer, form: WebForm, page: (State) async throws -> Response, _ work: () async throws -> String) async throws -> Response {
        let problem: Problem
        do {
            let back = try await work()
            return PageKit.redirect(back + (back.contains("?") ? "&" : "?") + "saved=1")
        } catch let p as Problem {
            problem = p
        } catch let e as APIError where e.status == .conflict || e.status == .unprocessableContent || e.status == .badRequest {
            let field = Self.fields[String(e.path.drop { $0 == "$" || $0 == "." }.prefix { $0 != "." && $0 != "[" })] ?? ""
            problem = Problem(text: kit.i18n.t(e.status == .conflict ? "documents_form_error_conflict" : "documents_form_error_refused", v.lang), field: field)
        }
        var response = try await page(State(problem: problem, values: form.plain))
        response.status = .unprocessableContent
        return response
    }

    /// The input field a contract path's first key was typed in.
    static let fields: [String: String] = ["id": "id", "arrivedAt": "arrived_day", "receivedOn": "received", "term": "term", "unit": "unit",
                                           "extensions": "ext_to", "sender": "sender"]

    // MARK: the forms

    /// §12, §16: a letter registered as it arrives — its number, sender, arrival (the desk's own day and time), the
    /// details a state body's letter lacks, urgency, addressee and unit.
    func letter(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let body = try body(f, v)
        return try await answer(v, form: f, page: { try await pages.desk(req, v, $0) }) {
            let id = try id(f, v)
            guard let sender = f.text("sender"), Sender(rawValue: sender) != nil else { throw problem("documents_form_error_sender", "sender", v) }
            let arrived = try await instant(f, "arrived_day", "arrived_time", body: body, v)
            var pairs: [(String, JSONValue)] = [("id", .string(id)), ("sender", .string(sender)), ("arrivedAt", .string(arrived.text))]
            if f.text("urgent") == "1" { pairs.append(("urgent", .bool(true))) }
            if let a = f.text("addressee"), Incoming.Addressee(rawValue: a) != nil { pairs.append(("addressee", .string(a))) }
            let lacking = Set(f.all("lacks"))
            if sender == Sender.stateBody.rawValue, !lacking.isEmpty {
                pairs.append(("details", .array(Incoming.Detail.allCases.map(\.rawValue).filter { !lacking.contains($0) }.map(JSONValue.string))))
            }
            if let unit = try await unit(f, v) { pairs.append(("unit", .string(unit))) }
            _ = try await api.add(.incoming, .object(pairs), body: body, identity: v.id)
            return "/documents?body=\(PageKit.segment(body))&day=\(arrived.day)"
        }
    }

    /// §31, §34: a document put on control — its kind, receipt, term (set by a person), executor and unit.
    func controlled(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let body = try body(f, v)
        return try await answer(v, form: f, page: { try await pages.control(req, v, xlsx: false, $0) }) {
            let id = try id(f, v)
            guard let kind = f.text("kind"), Controlled.Kind(rawValue: kind) != nil else { throw problem("documents_form_error_kind", "kind", v) }
            let received = try date(f, "received", v)
            guard let termText = f.text("term"), let term = LocalDate(termText), term.year <= 9998 else { throw problem("documents_form_error_date", "term", v) }
            guard term >= received else { throw problem("documents_form_error_term_before", "term", v) }
            var pairs: [(String, JSONValue)] = [("id", .string(id)), ("kind", .string(kind)), ("receivedOn", .string(received.description)),
                                                ("term", .string(term.description))]
            if let executor = f.text("executor") {
                guard TextRule.problem(executor, multiline: false) == nil else { throw problem("documents_form_error_text", "executor", v) }
                pairs.append(("executor", .string(executor)))
            }
            if let unit = try await unit(f, v) { pairs.append(("unit", .string(unit))) }
            _ = try await api.add(.controlled, .object(pairs), body: body, identity: v.id)
            return "/documents/control?body=\(PageKit.segment(body))&day=\(received)"
        }
    }

    /// The events an item of a kind can still record, in the order they happen: (field, how it is typed).
    enum Entry: String { case instant, date, extended, withFlag }
    static func events(_ kind: DocumentsStore.Kind) -> [(field: String, entry: Entry, flag: String?)] {
        switch kind {
        case .incoming: return ["registeredAt", "deliveredAt", "reviewedAt", "returnedAt", "answeredAt"].map { ($0, .instant, nil) }
        case .outgoing: return [("controlVisaOn", .date, nil)]
        case .controlled:
            return [("extensions", .extended, nil)] + ["planApprovedOn", "toLeadershipOn", "toFirstHeadOn", "executedOn"].map { ($0, .date, nil) }
        case .drafts:
            return [("proposalOn", .date, nil), ("conclusion", .withFlag, "remarks"), ("visasOn", .date, nil), ("returnedOn", .date, nil),
                    ("revised", .withFlag, "complete"), ("remarksOn", .date, nil), ("meeting", .withFlag, "agreed"), ("agreedOn", .date, nil)]
        case .plans: return [("draftedOn", .date, nil), ("approvedOn", .date, nil)]
        default: return []
        }
    }

    /// An item's later event: the field chosen and its day (and time, for a letter's events); an extension's new term
    /// and the day it was granted; a draft's conclusion (with remarks or not), revision (complete or not) or
    /// conciliation meeting (agreed or not).
    func fact(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let raw = try ctx.parameters.require("id")
        let id = raw.removingPercentEncoding ?? raw
        let f = try await kit.form(req, v)
        let body = try body(f, v)
        return try await answer(v, form: f, page: { try await pages.item(req, ctx, v, $0) }) {
            guard let item = try await api.store.documentsItems(body: body).first(where: { $0.id == id }) else {
                throw APIError.notFound(kit.i18n.t("documents_no_item", v.lang), path: "id")
            }
            guard let chosen = f.text("field"), let event = Self.events(item.kind).first(where: { $0.field == chosen }) else {
                throw problem("documents_form_error_field", "field", v)
            }
            let value: JSONValue
            switch event.entry {
            case .instant: value = .string(try await instant(f, "day", "time", body: body, v).text)
            case .date: value = .string(try date(f, "day", v).description)
            case .extended:
                guard let toText = f.text("ext_to"), let to = LocalDate(toText), to.year <= 9998 else { throw problem("documents_form_error_date", "ext_to", v) }
                let granted = try date(f, "day", v)
                value = .array([.object([("to", .string(to.description)), ("grantedOn", .string(granted.description))])])
            case .withFlag:
                value = .object([("on", .string(try date(f, "day", v).description)), (event.flag ?? "", .bool(f.text("flag") == "1"))])
            }
            _ = try await api.record(.object([(chosen, value)]), of: id, body: body, identity: v.id)
            return "/documents/items/\(PageKit.segment(id))?body=\(PageKit.segment(body))&day=\(try Today.of(api.calendar).day)"
        }
    }

    // MARK: fields

    func id(_ f: WebForm, _ v: Viewer) throws -> String {
        guard let id = f.text("id"), RecordID.problem(id) == nil else { throw problem("documents_form_error_id", "id", v) }
        return id
    }

    /// A day: given, a real day, not after today.
    func date(_ f: WebForm, _ name: String, _ v: Viewer) throws -> LocalDate {
        guard let text = f.text(name), let d = LocalDate(text), d.year >= 2000 else { throw problem("documents_form_error_date", name, v) }
        guard d <= (try Today.of(api.calendar).day) else { throw problem("documents_form_error_future", name, v) }
        return d
    }

    /// A day and a time on the body's clock, as an instant with the zone's offset then; not in the future.
    func instant(_ f: WebForm, _ dayField: String, _ timeField: String, body: String, _ v: Viewer) async throws -> (text: String, day: LocalDate) {
        let day = try date(f, dayField, v)
        guard let text = f.text(timeField), let time = TimeOfDay(text) else { throw problem("documents_form_error_time", timeField, v) }
        let zone = try api.calendar.zones.resolve(try await api.registry(body).input.schedule.timeZone)
        let instant = zone.instant(day, second: time.minutes * 60)
        guard instant <= (try Today.of(api.calendar).asOf) else { throw problem("documents_form_error_future", timeField, v) }
        return (instant.iso(offsetSeconds: zone.offset(instant.secondsSinceEpoch)), day)
    }

    /// The unit chosen, one of the organizations (empty: none).
    func unit(_ f: WebForm, _ v: Viewer) async throws -> String? {
        guard let unit = f.text("unit") else { return nil }
        guard try await api.store.organizations().contains(where: { $0.id == unit }) else { throw problem("documents_form_error_unit", "unit", v) }
        return unit
    }
}
