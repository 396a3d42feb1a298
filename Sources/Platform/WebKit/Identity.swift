import WebKit
import Crypto
import Foundation
import Hummingbird
import HummingbirdBcrypt
import HTTPTypes
import Storage

/// Passwords (bcrypt), API tokens and session ids (random, stored only as SHA-256 hashes).
public enum Secrets {
    public static func hashPassword(_ p: String, cost: UInt8) -> String { Bcrypt.hash(p, cost: cost) }
    public static func verify(_ p: String, hash: String) -> Bool { Bcrypt.verify(p, hash: hash) }

    /// 32 random bytes, hex.
    public static func randomToken() -> String {
        var g = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &g)) }.joined()
    }

    public static func sha256(_ s: String) -> String {
        SHA256.hash(data: Data(s.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

/// Resolves the caller's identity (token or session cookie) and enforces CSRF on session writes.
public struct IdentityMiddleware: RouterMiddleware {
    public typealias Context = AppContext
    let store: Store
    let tokens: TokenCache
    let roles: Roles
    public init(store: Store, tokens: TokenCache, roles: Roles) { self.store = store; self.tokens = tokens; self.roles = roles }

    public func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        // The public endpoints take no identity (/metrics checks its own token).
        if ["/health", "/openapi.json", "/metrics"].contains(request.uri.path) { return try await next(request, context) }
        if let auth = request.headers[.authorization] {
            guard auth.hasPrefix("Bearer "), case let token = String(auth.dropFirst(7)), !token.isEmpty else {
                throw APIError.unauthorized("malformed Authorization header: expected \"Bearer TOKEN\"")
            }
            context.identity = try await tokens.identity(token: token, store: store, roles: roles)
        } else if let sid = SessionCookie.value(request),
                  let s = try await store.session(idHash: Secrets.sha256(sid), nowEpoch: Clock.nowEpoch()),
                  let user = try await store.user(id: s.userID), let role = roles.role(user.role) {
            context.identity = Identity(user: user, role: role, seesAllOrganizations: roles.seesAllOrganizations(role), csrf: s.csrf)
            // A session's API writes must carry its CSRF token; web forms check their own hidden field.
            if request.method != .get, request.method != .head, request.uri.path.hasPrefix("/api/"),
               request.headers[HTTPField.Name("X-CSRF-Token")!] != s.csrf {
                throw APIError.forbidden("missing or wrong CSRF token (X-CSRF-Token)")
            }
        }
        return try await next(request, context)
    }

}

/// API tokens: the token itself is looked up on every request (one primary-key read), so a token deleted from
/// the database — by this process or any other — is refused at once; only the user behind it (name, role,
/// organizations: three reads) is remembered, for `userLifetime` seconds, and at most `capacity` of them.
public actor TokenCache {
    public init() {}
    static let userLifetime: Int64 = 30
    static let capacity = 10_000
    private var users: [String: (identity: Identity, until: Int64)] = [:]

    public func identity(token: String, store: Store, roles: Roles) async throws -> Identity {
        guard let userID = try await store.userID(tokenHash: Secrets.sha256(token)) else {
            throw APIError.unauthorized("unknown API token")
        }
        let now = Clock.nowEpoch()
        if let cached = users[userID], cached.until > now { return cached.identity }
        guard let user = try await store.user(id: userID), let role = roles.role(user.role) else {
            throw APIError.unauthorized("unknown API token")
        }
        let id = Identity(user: user, role: role, seesAllOrganizations: roles.seesAllOrganizations(role), csrf: nil)
        if users.count >= Self.capacity { users.removeAll() }
        users[userID] = (id, now + Self.userLifetime)
        return id
    }

    /// Drops the cached identity of one user whose account was disabled or changed through this server. (Tokens
    /// themselves are read on every request, so a revoked one is refused at once from any process; a change of
    /// role made by the `rasim` command in another process reaches a running server within `userLifetime`.)
    public func forget(userID: String) { users[userID] = nil }
}

