import Foundation
import HTTPTypes
import Hummingbird
import JSONKit
import LegalCore
import PublicServices
import Storage
import WebKit

/// The administrator's page of officials: who may sign which services, their absences (leave, sick leave, business
/// trips) and who acts for them — and the form that records an absence, through the same use case as
/// `POST /api/v1/officials/{id}/absences` and `rasim official absence`.
extension PublicServicesPages {
    func registerOfficials(_ router: Router<AppContext>) {
        router.get("officials") { req, ctx in
            await kit.guarded(req, ctx, route: .listOfficials) { v in
                try await self.officialsPage(v, form: [:], done: req.uri.queryParameters["saved"] == "1" ? i18n.t("officials_saved", v.lang) : nil)
            }
        }
        router.post("officials/absences") { req, ctx in await kit.guarded(req, ctx, route: .addAbsence) { v in try await self.addAbsence(req, v) } }
        router.post("officials") { req, ctx in await kit.guarded(req, ctx, route: .putOfficial) { v in try await self.putOfficial(req, v) } }
        router.post("services/import") { req, ctx in await kit.guarded(req, ctx, route: .importServices) { v in try await self.importServices(req, v) } }
    }

    /// Adds an official, or for an existing id changes their organization, name and signing rights (absences stay).
    func putOfficial(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let services = try await catalog.services()
        let maySign = services.keys.sorted().filter { f["sign_" + $0] == "yes" }
        let body = JSONText.object([("id", JSONText.string(f.text("oid") ?? "")), ("organization", JSONText.string(f.text("organization") ?? "")),
                                    ("name", JSONText.string(f.text("name") ?? "")), ("maySign", JSONText.array(maySign.map(JSONText.string)))])
        do {
            _ = try await Admin.putOfficial(try JSONParser.document(body), store: store, actor: v.id.user.username)
        } catch let e as Admin.Failure {
            let keys = ["id": ("oid", "officials_error_id"), "organization": ("organization", "officials_error_organization"), "name": ("name", "officials_error_name")]
            let (field, key) = keys[String(e.path.dropFirst(2).prefix { $0.isLetter })] ?? ("oid", "officials_error_id")
            return try await officialsPage(v, form: f.plain, problem: (field, i18n.t(key, v.lang)), status: .unprocessableContent)
        }
        await catalog.invalidate()
        return PageKit.redirect("/officials?saved=1")
    }

    /// Imports service passports (docs/reference/check.md) pasted as JSON: every one validated before any is stored.
    func importServices(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let text = f["passports"] ?? ""
        do {
            let ids = try await Admin.importServices(try JSONParser.document(text), store: store, zones: calendar.zones, actor: v.id.user.username)
            await catalog.invalidate()
            return try await servicesPage(v, imported: i18n.t("services_imported", v.lang, ["n": String(ids.count)]))
        } catch let e as Admin.Failure {
            return try await servicesPage(v, importText: text, importError: importProblem(e.path, v.lang), status: .unprocessableContent)
        } catch let e as InputError {
            return try await servicesPage(v, importText: text, importError: importProblem(e.path, v.lang), status: .unprocessableContent)
        }
    }

    /// Which passport was refused, in words (its number in the list), not as a JSON path.
    func importProblem(_ path: String, _ lang: Language) -> String {
        guard let m = path.firstMatch(of: /\[(\d+)\]/), let n = Int(m.1) else { return i18n.t("services_import_error", lang) }
        return i18n.t("services_import_error_at", lang, ["n": String(n + 1)])
    }

    func officialsPage(_ v: Viewer, form: [String: String], done: String? = nil, problem: (field: String, message: String)? = nil,
                       status: HTTPResponse.Status = .ok) async throws -> Response {
        let services = try await catalog.services()
        let orgs = try await organizationNames(v.lang)
        let rows = try await store.officials()
        var c = kit.base(v, title: i18n.t("officials_title", v.lang))
        c["officials"] = rows.map { o -> [String: Any] in
            let absences: [[String: Any]] = ((try? Stored.parse(o.absencesJSON)).flatMap { v -> [JSONValue]? in if case .array(let a) = v { return a } else { return nil } } ?? [])
                .compactMap { a in
                    guard let f = try? Fields(a, path: "$"), let from = try? f.date("from"), let to = try? f.date("to") else { return nil }
                    let kind = (try? f.optionalString("kind")) ?? nil
                    let deputy = (try? f.optionalString("deputy")) ?? nil
                    var r: [String: Any] = ["from": kit.date(from, v.lang), "to": kit.date(to, v.lang), "kind": i18n.t("absence_\(kind ?? "leave")", v.lang)]
                    r.put("deputy", deputy.map { d in rows.first { $0.id == d }?.name ?? d })
                    return r
                }
            return ["id": o.id, "name": o.name, "organization": orgs[o.organization] ?? o.organization,
                    "may_sign": o.maySign.map { serviceName($0, services, v.lang) }.joined(separator: "; "), "absences": absences,
                    "no_absences": absences.isEmpty]
        }
        c["choices"] = rows.map { ["value": $0.id, "label": $0.name + " (" + (orgs[$0.organization] ?? $0.organization) + ")", "selected": $0.id == form["official"]] }
        c["deputies"] = rows.map { ["value": $0.id, "label": $0.name, "selected": $0.id == form["deputy"]] }
        c["kinds"] = AbsenceKind.allCases.map { ["value": $0.rawValue, "label": i18n.t("absence_\($0.rawValue)", v.lang), "selected": $0.rawValue == (form["kind"] ?? "leave")] }
        c["from"] = form["from"] ?? ""; c["to"] = form["to"] ?? ""
        c.put("may_add", v.may(.addAbsence) ? true : nil)
        c.put("may_put", v.may(.putOfficial) ? true : nil)
        c["form_oid"] = form["oid"] ?? ""; c["form_name"] = form["name"] ?? ""
        c["org_choices"] = orgs.sorted { $0.value < $1.value }.map { ["value": $0.key, "label": $0.value, "selected": $0.key == form["organization"]] }
        c["sign_choices"] = services.values.sorted { $0.id < $1.id }.map { ["id": $0.id, "name": I18n.pick($0.name, v.lang), "checked": form["sign_" + $0.id] == "yes"] }
        if let problem {
            c["err_" + problem.field] = problem.message
            c["problem"] = ["message": problem.message, "field_id": "a-" + problem.field]
        }
        c.put("done", done)
        return kit.render("officials", c, status: status)
    }

    func addAbsence(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        func again(_ field: String, _ key: String) async throws -> Response {
            try await officialsPage(v, form: f.plain, problem: (field, i18n.t(key, v.lang)), status: .unprocessableContent)
        }
        guard let official = f.text("official") else { return try await again("official", "officials_error_official") }
        var pairs: [(String, String)] = [("from", JSONText.string(f.text("from") ?? "")), ("to", JSONText.string(f.text("to") ?? "")),
                                         ("kind", JSONText.string(f.text("kind") ?? "leave"))]
        if let deputy = f.text("deputy") { pairs.append(("deputy", JSONText.string(deputy))) }
        do {
            _ = try await Admin.addAbsence(official: official, try JSONParser.document(JSONText.object(pairs)), store: store, actor: v.id.user.username)
        } catch let e as Admin.Failure {
            let keys = ["from": "officials_error_from", "to": "officials_error_to", "kind": "officials_error_kind", "deputy": "officials_error_deputy"]
            let field = String(e.path.dropFirst(2).prefix { $0.isLetter })
            return try await again(keys[field] == nil ? "official" : field, keys[field] ?? "officials_error_official")
        }
        await catalog.invalidate()
        return PageKit.redirect("/officials?saved=1")
    }
}
