import Storage

/// One sign-in, for the JSON `POST /login` and the web form alike: rate limit per user name and address,
/// bcrypt check, a refused attempt in the audit log, and a new session (its id stored only as a hash).
enum SignIn {
    enum Outcome: Sendable {
        case rateLimited
        case wrongCredentials
        case signedIn(user: Store.User, sessionID: String, csrf: String)
    }

    /// Sessions last a working day.
    static let lifetime: Int64 = 8 * 3600

    static func attempt(username: String, password: String, remote: String?, via: String, store: Store, limiter: LoginLimiter) async throws -> Outcome {
        let key = username + "|" + (remote ?? "-")
        let now = Clock.nowEpoch()
        guard await limiter.allowed(key, now: now) else { return .rateLimited }
        guard let user = try await store.user(username: username), Secrets.verify(password, hash: user.passwordHash) else {
            await limiter.failed(key, now: now)
            try await store.recordRefusal(actor: username.isEmpty ? "-" : username, action: "login", entity: "user:\(username)",
                                          reason: "wrong user name or password" + (via == "api" ? "" : " (\(via))"))
            return .wrongCredentials
        }
        await limiter.succeeded(key)
        let sid = Secrets.randomToken(), csrf = Secrets.randomToken()
        try await store.createSession(idHash: Secrets.sha256(sid), userID: user.id, csrf: csrf, expiresEpoch: now + lifetime, actor: user.username)
        return .signedIn(user: user, sessionID: sid, csrf: csrf)
    }
}
