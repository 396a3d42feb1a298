import WebKit
import Foundation
import Hummingbird
import HTTPTypes
import JSONKit
import NIOCore
import Storage
import WorkCalendar

/// The caller's account (`GET /api/v1/me`) and the admin-only routes that set up a real install's organizations
/// and accounts — the same `Admin` operations the `rasim` commands run (an act's own records are its feature's).
/// Each change drops what the server caches of it: the demo-account check, a disabled user's cached API tokens.
struct AdminAPI: Sendable {
    let store: Store
    let permissions: Permissions
    let tokens: TokenCache
    let demoAccounts: DemoAccounts
    let bcryptCost: UInt8

    func register(_ router: Router<AppContext>) {
        let api = router.group("api/v1")
        api.get("me") { _, ctx in try await self.me(ctx) }
        api.post("organizations") { req, ctx in try await self.admin(.putOrganization, ctx) { id in try await self.putOrganization(req, ctx, id) } }
        api.get("organizations") { _, ctx in try await self.admin(.listOrganizations, ctx) { _ in try await self.listOrganizations() } }
        api.post("users") { req, ctx in try await self.admin(.addUser, ctx) { id in try await self.addUser(req, ctx, id) } }
        api.get("users") { _, ctx in try await self.admin(.listUsers, ctx) { _ in try await self.listUsers() } }
        api.post("users/{id}/password") { req, ctx in try await self.admin(.setPassword, ctx) { id in try await self.setPassword(req, ctx, id) } }
        api.post("users/{id}/tokens/revoke") { req, ctx in try await self.admin(.revokeTokens, ctx) { id in try await self.revokeTokens(req, ctx, id) } }
        api.post("users/{id}/disable") { _, ctx in try await self.admin(.disableUser, ctx) { id in try await self.disableUser(ctx, id) } }
    }

    func me(_ ctx: AppContext) async throws -> Response {
        let id = try permissions.require(.whoAmI, ctx)
        return Requests.answer(.ok, JSONText.object([
            ("username", JSONText.string(id.user.username)), ("role", JSONText.string(id.role.rawValue)),
            ("organizations", JSONText.array(id.user.organizations.map(JSONText.string))),
            ("official", id.user.official.map(JSONText.string) ?? "null"),
            ("csrf", id.csrf.map(JSONText.string) ?? "null"),
        ]))
    }

    func admin(_ route: RouteID, _ ctx: AppContext, _ body: (Identity) async throws -> Response) async throws -> Response {
        try await Admin.route(route, ctx, permissions: permissions, body)
    }

    /// The body as JSON, or an empty object when there is none.
    static func optionalBody(_ req: Request, _ ctx: AppContext) async throws -> JSONValue {
        let buffer = try await req.body.collect(upTo: 64 << 10)
        guard buffer.readableBytes > 0 else { return .object([]) }
        return try buffer.withUnsafeReadableBytes { raw in try Requests.input { () throws(InputError) in try JSONParser.document(raw) } }
    }

    // MARK: organizations

    func putOrganization(_ req: Request, _ ctx: AppContext, _ id: Identity) async throws -> Response {
        let (o, created) = try await Admin.putOrganization(try await Requests.json(req, ctx), store: store, actor: id.user.username)
        return Requests.answer(.created, "{\"organization\": \(Admin.organizationJSON(o)), \"created\": \(created)}")
    }

    func listOrganizations() async throws -> Response {
        Requests.answer(.ok, "{\"organizations\": [" + (try await store.organizations()).map(Admin.organizationJSON).joined(separator: ",\n  ") + "]}")
    }

    // MARK: users and tokens

    func addUser(_ req: Request, _ ctx: AppContext, _ id: Identity) async throws -> Response {
        let v = try await Requests.json(req, ctx)
        let f = try Requests.input { () throws(InputError) in try Fields(v, path: "$") }
        let user = try await Admin.addUser(
            username: try Requests.input { () throws(InputError) in try f.string("username") },
            password: try Requests.input { () throws(InputError) in try f.string("password") },
            role: try Requests.input { () throws(InputError) in try f.string("role") },
            organizations: try Requests.input { () throws(InputError) in try f.strings("organizations", default: []) },
            official: try Requests.input { () throws(InputError) in try f.optionalString("official") },
            store: store, roles: permissions.roles, bcryptCost: bcryptCost, actor: id.user.username)
        demoAccounts.invalidate()
        return Requests.answer(.created, "{\"user\": \(Admin.userJSON(user))}")
    }

    func listUsers() async throws -> Response {
        Requests.answer(.ok, "{\"users\": [" + (try await store.users()).map(Admin.userJSON).joined(separator: ",\n  ") + "]}")
    }

    /// The user named by the path's `{id}`; 404 when there is none.
    func target(_ ctx: AppContext) async throws -> Store.User {
        let name = try Requests.pathID(ctx)
        guard let u = try await store.user(username: name) else { throw APIError.notFound("unknown user \"\(name)\"", path: "id") }
        return u
    }

    func setPassword(_ req: Request, _ ctx: AppContext, _ id: Identity) async throws -> Response {
        let v = try await Requests.json(req, ctx)
        let f = try Requests.input { () throws(InputError) in try Fields(v, path: "$") }
        let password = try Requests.input { () throws(InputError) in try f.string("password") }
        try Admin.checkPassword(password)
        let u = try await target(ctx)
        let ended = try await Admin.user("id") {
            try await store.setPassword(username: u.username, passwordHash: Secrets.hashPassword(password, cost: bcryptCost), actor: id.user.username)
        }
        demoAccounts.invalidate()
        let now = try await store.user(username: u.username) ?? u
        return Requests.answer(.ok, "{\"user\": \(Admin.userJSON(now)), \"sessionsEnded\": \(ended)}")
    }

    func revokeTokens(_ req: Request, _ ctx: AppContext, _ id: Identity) async throws -> Response {
        let v = try await AdminAPI.optionalBody(req, ctx)
        let f = try Requests.input { () throws(InputError) in try Fields(v, path: "$") }
        let token = try Requests.input { () throws(InputError) in try f.optionalString("token") }
        let u = try await target(ctx)
        // Revoking your own tokens keeps the one this request is made with: an administrator never locks the
        // last door behind them by accident (revoke that one from another session or the command line).
        let current = u.id == id.user.id ? req.headers[.authorization].flatMap { $0.hasPrefix("Bearer ") ? Secrets.sha256(String($0.dropFirst(7))) : nil } : nil
        let n = try await Admin.user("id") {
            try await store.revokeTokens(username: u.username, tokenHash: token.map(Secrets.sha256), keeping: current, actor: id.user.username)
        }
        await tokens.forget(userID: u.id)
        return Requests.answer(.ok, "{\"revoked\": \(n)}")
    }

    func disableUser(_ ctx: AppContext, _ id: Identity) async throws -> Response {
        let u = try await target(ctx)
        guard u.id != id.user.id else { throw APIError.conflict("you cannot disable your own account", path: "id") }
        let (sessions, tokensRevoked) = try await Admin.user("id") { try await store.disableUser(username: u.username, actor: id.user.username) }
        await tokens.forget(userID: u.id)
        demoAccounts.invalidate()
        let now = try await store.user(username: u.username) ?? u
        return Requests.answer(.ok, "{\"user\": \(Admin.userJSON(now)), \"sessionsEnded\": \(sessions), \"tokensRevoked\": \(tokensRevoked)}")
    }
}
