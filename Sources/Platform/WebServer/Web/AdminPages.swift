import WebKit
import Foundation
import HTTPTypes
import Hummingbird
import Identifiers
import JSONKit
import LegalCore
import Storage

/// The administrator's pages for what `rasim user …` / `rasim org …` and the admin API do: the accounts (list, add,
/// disable, a new password) and the organizations (add or rename, in Kazakh and in Russian) — the same `Admin` use
/// cases, each refusal worded in the page's language beside its field.
extension Web {
    func registerAdmin(_ router: Router<AppContext>) {
        router.get("admin/users") { req, ctx in await kit.guarded(req, ctx, route: .listUsers) { v in try await self.usersPage(v, notice: Self.done(req, v, i18n)) } }
        router.post("admin/users") { req, ctx in await kit.guarded(req, ctx, route: .addUser) { v in try await self.addUser(req, v) } }
        router.post("admin/users/{id}/disable") { req, ctx in await kit.guarded(req, ctx, route: .disableUser) { v in try await self.disableUser(req, ctx, v) } }
        router.post("admin/users/{id}/password") { req, ctx in await kit.guarded(req, ctx, route: .setPassword) { v in try await self.resetPassword(req, ctx, v) } }
        router.get("admin/organizations") { req, ctx in
            await kit.guarded(req, ctx, route: .listOrganizations) { v in try await self.organizationsPage(v, notice: Self.done(req, v, i18n)) }
        }
        router.post("admin/organizations") { req, ctx in await kit.guarded(req, ctx, route: .putOrganization) { v in try await self.putOrganization(req, v) } }
    }

    /// The success a redirect names (`?done=…`), in the reader's words.
    static func done(_ req: Request, _ v: Viewer, _ i18n: I18n) -> String? {
        let words = ["added": "admin_done_added", "disabled": "admin_done_disabled", "password": "admin_done_password",
                     "organization": "admin_done_organization"]
        return req.uri.queryParameters["done"].flatMap { words[String($0)] }.map { i18n.t($0, v.lang) }
    }

    /// An `Admin.Failure` beside its field: the field is the last part of its JSON path; the words are the page's.
    func adminProblem(_ e: Admin.Failure, _ lang: Language) -> (field: String, message: String) {
        let field = String(e.path.dropFirst(2).prefix { $0.isLetter })
        let key = e.kind == .conflict ? "admin_error_conflict" : e.kind == .notFound ? "admin_error_unknown" : "admin_error_" + field
        return (field, i18n.tables[lang]?[key] ?? i18n.t("admin_error_other", lang))
    }

    // MARK: accounts

    func usersPage(_ v: Viewer, notice: String? = nil, form: [String: String] = [:], problem: (field: String, message: String)? = nil,
                   status: HTTPResponse.Status = .ok) async throws -> Response {
        var c = kit.base(v, title: i18n.t("admin_users_title", v.lang))
        let names = try await store.organizationNames(lang: v.lang.rawValue)
        let emails = try await store.emails()
        c["users"] = try await store.users().map { u -> [String: Any] in
            let disabled = u.passwordHash == Store.disabledPasswordHash
            var r: [String: Any] = ["username": u.username, "role": i18n.t("role_\(u.role)", v.lang), "email": emails[u.id] ?? "—",
                                    "organizations": u.organizations.map { names[$0] ?? $0 }.joined(separator: "; "),
                                    "state": i18n.t(disabled ? "admin_state_disabled" : "admin_state_active", v.lang),
                                    "path": PageKit.segment(u.username)]
            r.put("may_disable", !disabled && u.id != v.id.user.id ? true : nil)
            return r
        }
        c["roles"] = kit.permissions.roles.all.map { ["value": $0.rawValue, "label": i18n.t("role_\($0.rawValue)", v.lang), "selected": $0.rawValue == form["role"]] }
        c["organizations"] = names.sorted { $0.value < $1.value }.map { ["id": $0.key, "name": $0.value, "checked": form["org_" + $0.key] == "yes"] }
        c["form_username"] = form["username"] ?? ""; c["form_official"] = form["official"] ?? ""
        return Self.render(kit, "admin_users", c, notice: notice, problem: problem, prefix: "u-", status: status)
    }

    func addUser(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let orgs = try await store.organizations().map(\.id).filter { f["org_" + $0] == "yes" }
        do {
            _ = try await Admin.addUser(username: f.text("username") ?? "", password: f["password"] ?? "", role: f["role"] ?? "", organizations: orgs,
                                        official: f.text("official"), store: store, roles: kit.permissions.roles, bcryptCost: passwords.cost,
                                        actor: v.id.user.username)
        } catch let e as Admin.Failure {
            return try await usersPage(v, form: f.plain, problem: adminProblem(e, v.lang), status: .unprocessableContent)
        }
        demoAccounts.invalidate()
        return PageKit.redirect("/admin/users?done=added")
    }

    func target(_ ctx: AppContext, _ v: Viewer) async throws -> Store.User {
        let raw = try ctx.parameters.require("id")
        let name = raw.removingPercentEncoding ?? raw
        guard let u = try await store.user(username: name) else { throw APIError.notFound(i18n.t("admin_error_unknown", v.lang)) }
        return u
    }

    func disableUser(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        _ = try await kit.form(req, v)
        let u = try await target(ctx, v)
        guard u.id != v.id.user.id else {
            return try await usersPage(v, problem: ("username", i18n.t("admin_error_own_account", v.lang)), status: .conflict)
        }
        _ = try await store.disableUser(username: u.username, actor: v.id.user.username)
        await tokens?.forget(userID: u.id)
        kit.badges.forget(u.id)
        demoAccounts.invalidate()
        return PageKit.redirect("/admin/users?done=disabled")
    }

    func resetPassword(_ req: Request, _ ctx: AppContext, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        let u = try await target(ctx, v)
        let password = f["password"] ?? ""
        do { try Admin.checkPassword(password) } catch let e as Admin.Failure {
            return try await usersPage(v, problem: ("password", adminProblem(e, v.lang).message), status: .unprocessableContent)
        }
        _ = try await store.setPassword(username: u.username, passwordHash: Secrets.hashPassword(password, cost: passwords.cost), actor: v.id.user.username)
        demoAccounts.invalidate()
        return PageKit.redirect("/admin/users?done=password")
    }

    // MARK: organizations

    func organizationsPage(_ v: Viewer, notice: String? = nil, form: [String: String] = [:], problem: (field: String, message: String)? = nil,
                           status: HTTPResponse.Status = .ok) async throws -> Response {
        var c = kit.base(v, title: i18n.t("admin_organizations_title", v.lang))
        let kk = try await store.organizationNames(lang: "kk"), ru = try await store.organizationNames(lang: "ru")
        c["organizations"] = try await store.organizations().map { o in
            ["id": o.id, "kk": kk[o.id] ?? o.name, "ru": ru[o.id] ?? o.name, "bin": o.bin ?? "—", "kind": o.kind] as [String: Any]
        }
        for k in ["id", "name", "name_ru", "bin", "kind"] { c["form_" + k] = form[k] ?? "" }
        return Self.render(kit, "admin_organizations", c, notice: notice, problem: problem, prefix: "o-", status: status)
    }

    /// An admin page with its success notice, or its refusal beside the field (element id `prefix` + field) and at the top.
    static func render(_ kit: PageKit, _ template: String, _ context: [String: Any], notice: String?, problem: (field: String, message: String)?,
                       prefix: String, status: HTTPResponse.Status) -> Response {
        var c = context
        if let problem {
            c["err_" + problem.field] = problem.message
            c["problem"] = ["message": problem.message, "field_id": prefix + problem.field]
        }
        c.put("done", notice)
        return kit.render(template, c, status: status)
    }

    /// Adds or renames an organization: its registered name is the Kazakh one; a Russian name is kept beside it.
    func putOrganization(_ req: Request, _ v: Viewer) async throws -> Response {
        let f = try await kit.form(req, v)
        func again(_ p: (field: String, message: String)) async throws -> Response {
            try await organizationsPage(v, form: f.plain, problem: p, status: .unprocessableContent)
        }
        var pairs: [(String, String)] = [("id", JSONText.string(f.text("id") ?? "")), ("name", JSONText.string(f.text("name") ?? ""))]
        if let bin = f.text("bin") { pairs.append(("bin", JSONText.string(bin))) }
        if let kind = f.text("kind") { pairs.append(("kind", JSONText.string(kind))) }
        let ru = f.text("name_ru")
        if let ru, NameRule.problem(ru) != nil { return try await again(("name_ru", i18n.t("admin_error_name", v.lang))) }
        do {
            let (o, _) = try await Admin.putOrganization(try JSONParser.document(JSONText.object(pairs)), store: store, actor: v.id.user.username)
            try await store.setOrganizationName(id: o.id, lang: "kk", name: o.name, actor: v.id.user.username)
            if let ru { try await store.setOrganizationName(id: o.id, lang: "ru", name: ru, actor: v.id.user.username) }
        } catch let e as Admin.Failure {
            return try await again(adminProblem(e, v.lang))
        }
        return PageKit.redirect("/admin/organizations?done=organization")
    }
}
