import AdministrativePractice
import Foundation
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import WebKit

/// The legal service's forms: each adds to the body's stored registry what happened — a registry started, a
/// procedure listed (§8), a change of its order (§13), a new instruction version (§9, App.2) or a version placed in
/// the knowledge base (§11), a quarter's review (§11), a report submitted (§16) — through the same use case as
/// `PUT /api/v1/practice/bodies/{id}` (`PracticeAPI.store`: the history rule, the audit chain). Each error is
/// said in the user's language next to its field; nothing is written then. A date may not lie in the future
/// (an event is recorded once it happened); an earlier one is kept with the day it was entered (`RecordedFact`).
/// Court cases (App.3): a case filed, a decision of an instance with the day it entered into force, the reasons and
/// measures after a lost case and a private ruling with what the body did.
struct PracticeForms: Sendable {
    let pages: PracticePages
    var kit: PageKit { pages.kit }
    var api: PracticeAPI { pages.api }

    func register(_ router: Router<AppContext>) {
        let put = PracticeAPI.putBody
        router.post("practice/{id}/start") { req, ctx in await kit.guarded(req, ctx, route: put) { v in try await self.start(req, ctx, v) } }
        router.post("practice/{id}/procedures") { req, ctx in await kit.guarded(req, ctx, route: put) { v in try await self.listProcedure(req, ctx, v) } }
        router.post("practice/{id}/procedures/{procedure}") { req, ctx in await kit.guarded(req, ctx, route: put) { v in try await self.procedure(req, ctx, v) } }
        router.post("practice/{id}/knowledge-base") { req, ctx in await kit.guarded(req, ctx, route: put) { v in try await self.review(req, ctx, v) } }
        router.post("practice/{id}/report") { req, ctx in await kit.guarded(req, ctx, route: put) { v in try await self.submitted(req, ctx, v) } }
        router.post("practice/{id}/cases") { req, ctx in await kit.guarded(req, ctx, route: put) { v in try await self.courtCase(req, ctx, v) } }
        router.post("practice/{id}/indicator") { req, ctx in await kit.guarded(req, ctx, route: put) { v in try await self.target(req, ctx, v) } }
    }

    /// What a form said wrong: the message and the field (its input's id is `pf-<field>`).
    struct Problem: Error { var text: String; var field: String }

    /// The organization of the path, when the viewer keeps its registry (an administrator keeps every one).
    func keptBody(_ ctx: AppContext, _ v: Viewer) throws -> String {
        let id = try Requests.pathID(ctx)
        guard v.id.canSee(provider: id) else { throw APIError.forbidden(kit.i18n.t("error_not_your_organization", v.lang)) }
        return id
    }

    // MARK: the forms

    /// A registry started for the user's organization: its kind (§1 decides whether the decree applies).
    func start(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let id = try keptBody(ctx, v)
        let f = try await kit.form(req, v)
        return try await answer(v, back: "/practice", form: f, page: { try await pages.page(v, $0) }) {
            guard let kind = f.text("kind"), Body.Kind(rawValue: kind) != nil else { throw problem("form_error_kind", "kind", v) }
            guard try await api.stored(visible: [id]).isEmpty else { throw problem("form_error_started", "kind", v) }
            let name = try await api.store.organizations().first { $0.id == id }?.name
            var pairs: [(String, JSONValue)] = [("id", .string(id)), ("kind", .string(kind))]
            if let name { pairs.insert(("name", .string(name)), at: 1) }
            try await store(id, v, JSONValue.object(pairs))
        }
    }

    /// §8, App.1: a procedure added to the list.
    func listProcedure(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let id = try keptBody(ctx, v)
        let f = try await kit.form(req, v)
        return try await answer(v, back: "/practice/\(id)/procedures", form: f, page: { try await pages.procedures(ctx, v, $0) }) {
            let (doc, body) = try await stored(id, v)
            guard let pid = f.text("procedure_id"), RecordID.problem(pid) == nil else { throw problem("form_error_procedure_id", "procedure_id", v) }
            guard !body.procedures.contains(where: { $0.id == pid }) else { throw problem("form_error_procedure_exists", "procedure_id", v) }
            let listed = try date(f, "listed_on", v)
            var p: [(String, JSONValue)] = [("id", .string(pid)), ("listedOn", .string(listed.description))]
            if f["public_service"] == "yes" { p.append(("publicService", .bool(true))) }
            switch f["act_form_in_law"] {
            case "yes": p.append(("actFormInLaw", .bool(true)))
            case "no": p.append(("actFormInLaw", .bool(false)))
            default: break
            }
            p.append(("app1", try texts(f, (1...8).map { ("col_\($0)", String($0)) }, v)))
            try await store(id, v, try edited(doc.appending(.object(p), to: "procedures"), v))
        }
    }

    /// §13, §9, §11 on one procedure: `action` = `change` (its order changed), `version` (a new instruction version,
    /// App.2's rows given — the current version's prefilled), `place` (a version placed in the knowledge base).
    func procedure(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let id = try keptBody(ctx, v)
        let raw = try ctx.parameters.require("procedure")
        let pid = raw.removingPercentEncoding ?? raw
        let f = try await kit.form(req, v)
        let back = "/practice/\(id)/procedures/\(PageKit.segment(pid))"
        return try await answer(v, back: back, form: f, page: { try await pages.instruction(ctx, v, $0) }) {
            let (doc, body) = try await stored(id, v)
            guard let index = body.procedures.firstIndex(where: { $0.id == pid }) else { throw APIError.notFound(kit.i18n.t("procedures_none", v.lang), path: "procedure") }
            let p = body.procedures[index]
            let procedure = try edited(doc["procedures"]?.items?[index], v)
            let changed: JSONValue
            switch f["action"] {
            case "change":
                let on = try date(f, "changed_on", v)
                guard !p.orderChanges.contains(on) else { throw problem("form_error_already_recorded", "changed_on", v) }
                changed = try edited(procedure.appending(.string(on.description), to: "orderChanges"), v)
            case "version":
                guard let version = f.text("version"), TextRule.problem(version) == nil else { throw problem("form_error_version", "version", v) }
                guard !p.instructions.contains(where: { $0.version == version }) else { throw problem("form_error_version_exists", "version", v) }
                let approved = try date(f, "approved_on", v)
                guard let approver = f.text("approver"), Instruction.Approver(rawValue: approver) != nil else { throw problem("form_error_approver", "approver", v) }
                var i: [(String, JSONValue)] = [("version", .string(version)), ("approvedOn", .string(approved.description)), ("approverRole", .string(approver))]
                if f.text("placed_on") != nil {
                    let placed = try date(f, "placed_on", v)
                    guard placed >= approved else { throw problem("form_error_placed_before_approved", "placed_on", v) }
                    i.append(("placedOn", .string(placed.description)))
                }
                i.append(("app2", try texts(f, [("row_name", "name")] + (1...16).map { ("row_\($0)", String($0)) }, v)))
                changed = try edited(procedure.appending(.object(i), to: "instructions"), v)
            case "place":
                guard let version = f.text("version"), let k = p.instructions.firstIndex(where: { $0.version == version }),
                      p.instructions[k].placedOn == nil else { throw problem("form_error_version", "place_version", v) }
                let placed = try date(f, "placed_on", v, field: "place_on")
                guard placed >= p.instructions[k].approvedOn else { throw problem("form_error_placed_before_approved", "place_on", v) }
                let placedVersion = try edited(procedure["instructions"]?.items?[k].setting("placedOn", .string(placed.description)), v)
                changed = try edited(procedure.replacingItem(k, of: "instructions", with: placedVersion), v)
            default:
                throw problem("api_error_invalid_input", "action", v)
            }
            try await store(id, v, try edited(doc.replacingItem(index, of: "procedures", with: changed), v))
        }
    }

    /// §11: a review of the knowledge base.
    func review(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let id = try keptBody(ctx, v)
        let f = try await kit.form(req, v)
        return try await answer(v, back: "/practice/\(id)/knowledge-base", form: f, page: { try await pages.knowledgeBase(ctx, v, $0) }) {
            let (doc, body) = try await stored(id, v)
            let on = try date(f, "reviewed_on", v)
            guard !body.knowledgeBaseReviews.contains(on) else { throw problem("form_error_already_recorded", "reviewed_on", v) }
            try await store(id, v, try edited(doc.appending(.string(on.description), to: "knowledgeBaseReviews"), v))
        }
    }

    /// §16: a report submitted to the Ministry of Justice for a period.
    func submitted(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let id = try keptBody(ctx, v)
        let f = try await kit.form(req, v)
        let period = f.text("period").flatMap(HalfYear.init)
        return try await answer(v, back: "/practice/\(id)/report" + (period.map { "?period=\($0)" } ?? ""), form: f,
                                page: { try await pages.report(period, ctx, v, xlsx: false, $0) }) {
            let (doc, body) = try await stored(id, v)
            guard let period, period >= HalfYear.first else { throw problem("app4_unknown_period", "period", v) }
            // Submitted once: the page shows no form then, so the notice alone says it.
            guard !body.reports.contains(where: { $0.period == period }) else { throw problem("form_error_already_recorded", "", v) }
            let on = try date(f, "submitted_on", v)
            guard on >= period.from else { throw problem("form_error_submitted_before_period", "submitted_on", v) }
            let report = JSONValue.object([("period", .string(period.description)), ("submittedOn", .string(on.description))])
            try await store(id, v, try edited(doc.appending(report, to: "reports"), v))
        }
    }

    /// App.3 (§16): `action` = `case` (a case filed, columns 4–6), `decision` (an instance's decision, columns 7–9, and
    /// the day the case's final decision entered into force), `measures` (columns 10–13 after the decision).
    func courtCase(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let id = try keptBody(ctx, v)
        let f = try await kit.form(req, v)
        return try await answer(v, back: "/practice/\(id)/cases", form: f, page: { try await pages.cases(ctx, v, $0) }) {
            let (doc, body) = try await stored(id, v)
            if f["action"] == "case" {
                guard let cid = f.text("case_id"), RecordID.problem(cid) == nil else { throw problem("form_error_case_id", "case_id", v) }
                guard !body.courtCases.contains(where: { $0.id == cid }) else { throw problem("form_error_case_exists", "case_id", v) }
                guard let field = f.text("field"), TextRule.problem(field) == nil else { throw problem("form_error_field", "field", v) }
                let filed = try date(f, "filed_on", v)
                var c: [(String, JSONValue)] = [("id", .string(cid)), ("field", .string(field))]
                if let pid = f.text("procedure") {
                    guard body.procedures.contains(where: { $0.id == pid }) else { throw problem("api_error_invalid_input", "procedure", v) }
                    c.append(("procedure", .string(pid)))
                }
                c.append(("filedOn", .string(filed.description)))
                var act = try texts(f, [("act_name", "name"), ("act_content", "content")], v)
                if f.text("act_adopted_on") != nil {
                    let adopted = try date(f, "act_adopted_on", v)
                    guard adopted <= filed else { throw problem("form_error_adopted_after_filed", "act_adopted_on", v) }
                    act = try edited(act.setting("adoptedOn", .string(adopted.description)), v)
                }
                c.append(("act", act))
                let held = f["pretrial_held"] == "yes"
                let pretrial = try texts(f, held ? [("pretrial_by", "by"), ("pretrial_act", "act"), ("pretrial_reason", "reason")] : [], v)
                c.append(("pretrial", try edited(pretrial.setting("held", .bool(held)), v)))
                if case .object(let claim) = try texts(f, [("claim", "claim")], v) { c += claim }
                try await store(id, v, try edited(doc.appending(.object(c), to: "courtCases"), v))
                return
            }
            guard let cid = f.text("case"), let index = body.courtCases.firstIndex(where: { $0.id == cid }),
                  var item = doc["courtCases"]?.items?[index] else { throw problem("form_error_case", "case", v) }
            let known = body.courtCases[index]
            switch f["action"] {
            case "decision":
                let instances = ["first": ("firstInstance", known.firstInstance), "appeal": ("appeal", known.appeal), "cassation": ("cassation", known.cassation)]
                guard let instance = f["instance"], let entry = instances[instance] else { throw problem("form_error_instance", "instance", v) }
                let (key, recorded) = entry
                guard recorded == nil else { throw problem("form_error_decision_exists", "instance", v) }
                guard instance == "first" || known.firstInstance != nil else { throw problem("form_error_instance_order", "instance", v) }
                let on = try date(f, "decided_on", v)
                guard on >= known.filedOn, on >= ([known.firstInstance, known.appeal].compactMap { $0?.date }.max() ?? on) else {
                    throw problem("form_error_decision_date", "decided_on", v)
                }
                guard let outcome = f.text("outcome"), CourtCase.Outcome(rawValue: outcome) != nil else { throw problem("form_error_outcome", "outcome", v) }
                var d = try texts(f, [("case_number", "caseNumber"), ("decision_content", "content")], v)
                d = try edited(d.setting("date", .string(on.description)), v)
                d = try edited(d.setting("outcome", .string(outcome)), v)
                item = try edited(item.setting(key, d), v)
                if f.text("in_force_on") != nil {
                    guard known.inForceOn == nil else { throw problem("form_error_already_recorded", "in_force_on", v) }
                    let inForce = try date(f, "in_force_on", v)
                    guard inForce >= on else { throw problem("form_error_in_force_before_decision", "in_force_on", v) }
                    item = try edited(item.setting("inForceOn", .string(inForce.description)), v)
                }
            case "measures":
                for (name, key) in [("annulment_reasons", "annulmentReasons"), ("preventive_measures", "preventiveMeasures"), ("cause_measures", "causeMeasures")] {
                    guard let text = f.text(name) else { continue }
                    guard TextRule.problem(text, multiline: true) == nil else { throw problem("form_error_text", name, v) }
                    item = try edited(item.setting(key, .string(text)), v)
                }
                let ruling = try texts(f, [("ruling_content", "content"), ("ruling_action", "action")], v)
                if case .object(let pairs) = ruling, !pairs.isEmpty { item = try edited(item.appending(ruling, to: "privateRulings"), v) }
            default:
                throw problem("api_error_invalid_input", "case", v)
            }
            try await store(id, v, try edited(doc.replacingItem(index, of: "courtCases", with: item), v))
        }
    }

    /// §5.7: a year's target share of acts found illegal, in percent (a comma or a point before the decimals). Setting
    /// it again replaces it — each value stays in the audit log, and one set after its year ended carries a warning.
    func target(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let id = try keptBody(ctx, v)
        let f = try await kit.form(req, v)
        return try await answer(v, back: "/practice/\(id)/indicator", form: f, page: { try await pages.indicator(ctx, v, $0) }) {
            let (doc, body) = try await stored(id, v)
            let thisYear = try Today.of(api.calendar).day.year
            guard let year = f.text("year").flatMap(Int.init), (2025...thisYear + 1).contains(year) else { throw problem("form_error_year", "year", v) }
            let text = (f.text("percent") ?? "").replacingOccurrences(of: ",", with: ".")
            guard text.wholeMatch(of: /[0-9]{1,3}(\.[0-9]{1,6})?/) != nil, let value = Double(text), value <= 100 else {
                throw problem("form_error_percent", "percent", v)
            }
            let target = JSONValue.object([("year", .number(String(year))), ("percent", .number(text))])
            var items = doc["targets"]?.items ?? []
            if let k = body.targets.firstIndex(where: { $0.year == year }), k < items.count { items[k] = target } else { items.append(target) }
            try await store(id, v, try edited(doc.setting("targets", .array(items)), v))
        }
    }

    // MARK: reading and writing

    /// Runs a form's work: on success back to `back` with `?saved=1`; on a problem, the form's page again (`page`)
    /// with the message next to its field and what was typed kept (422).
    func answer(_ v: Viewer, back: String, form: WebForm, page: (PracticePages.FormState) async throws -> Response,
                _ work: () async throws -> Void) async throws -> Response {
        let problem: Problem
        do {
            try await work()
            return PageKit.redirect(back + (back.contains("?") ? "&" : "?") + "saved=1")
        } catch let p as Problem {
            problem = p
        } catch let e as APIError where e.status == .conflict || e.status == .unprocessableContent {
            // The history rule or the contract refused what the form made (a form only adds, so this is rare).
            problem = Problem(text: kit.i18n.t("form_error_refused", v.lang), field: "")
        }
        var response = try await page(PracticePages.FormState(problem: problem, values: form.plain))
        response.status = .unprocessableContent
        return response
    }

    func problem(_ key: String, _ field: String, _ v: Viewer) -> Problem { Problem(text: kit.i18n.t(key, v.lang), field: field) }

    /// The stored registry of `id`, as its JSON (to add to) and as read.
    func stored(_ id: String, _ v: Viewer) async throws -> (JSONValue, Body) {
        guard let json = try await api.store.practiceBodies(ids: [id]).first?.json else {
            throw APIError.notFound(kit.i18n.t("practice_empty", v.lang), path: "id")
        }
        let doc: JSONValue
        do { doc = try JSONParser.document(json) } catch { throw APIError.rule("the stored registry is not JSON", path: "$") }
        return (doc, try PracticeJSON.bodyDocument(json))
    }

    /// Stores the new state through the route's use case (history rule, audit).
    func store(_ id: String, _ v: Viewer, _ doc: JSONValue) async throws {
        let json = doc.text
        let body: Body
        do { body = try PracticeJSON.bodyDocument(json) } catch { throw Problem(text: kit.i18n.t("form_error_refused", v.lang), field: "") }
        _ = try await api.store(body, json: json, id: id, identity: v.id)
    }

    func edited(_ value: JSONValue?, _ v: Viewer) throws -> JSONValue {
        guard let value else { throw Problem(text: kit.i18n.t("form_error_refused", v.lang), field: "") }
        return value
    }

    /// A date field: given, a real day, not after today in the capital.
    func date(_ f: WebForm, _ name: String, _ v: Viewer, field: String? = nil) throws -> LocalDate {
        guard let text = f.text(name), let d = LocalDate(text), d.year >= 2000 else { throw problem("form_error_date", field ?? name, v) }
        guard d <= (try Today.of(api.calendar).day) else { throw problem("form_error_future", field ?? name, v) }
        return d
    }

    /// Free-text fields (`form name` → JSON key), the empty ones left out; a control character is refused.
    func texts(_ f: WebForm, _ fields: [(String, String)], _ v: Viewer) throws -> JSONValue {
        var pairs: [(String, JSONValue)] = []
        for (name, key) in fields {
            guard let text = f.text(name) else { continue }
            guard TextRule.problem(text, multiline: true) == nil else { throw problem("form_error_text", name, v) }
            pairs.append((key, .string(text)))
        }
        return .object(pairs)
    }
}
