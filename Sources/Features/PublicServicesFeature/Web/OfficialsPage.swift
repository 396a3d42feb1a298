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
