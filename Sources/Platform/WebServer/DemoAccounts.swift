import WebKit
import Foundation
import Storage

/// Which demo logins (`Demo.logins`) still open with the published password `Demo.password`: while any
/// does, every page shows a banner and the sign-in page lists them; once each is disabled, renamed or has
/// a password of its own, both go. Checked at most every 30 seconds, and a password is verified (bcrypt)
/// only when its stored hash changed — a real install, with no user of those names, costs one read.
final class DemoAccounts: @unchecked Sendable {
    private let lock = NSLock()
    /// The logins to watch: the platform's and the served features'.
    let candidates: [Demo.Login]
    init(logins: [Demo.Login] = Demo.logins) { candidates = logins }
    private var verified: [String: (hash: String, open: Bool)] = [:]
    private var open: [Demo.Login] = []
    private var checkedAt: Int64?
    static let interval: Int64 = 30

    /// The demo logins open as of the last check.
    var logins: [Demo.Login] { lock.withLock { open } }

    /// Forget the last check (a user was added, disabled or given a password through this server).
    func invalidate() { lock.withLock { checkedAt = nil } }

    /// Checks again when the last check is older than `interval`. A database that cannot be read keeps the
    /// last answer.
    func refresh(store: Store) async {
        let now = Clock.nowEpoch()
        guard lock.withLock({ checkedAt.map { now - $0 >= DemoAccounts.interval } ?? true }) else { return }
        var found: [Demo.Login] = []
        for login in candidates {
            guard let user = try? await store.user(username: login.username) else { continue }
            guard !user.isDisabled else { continue }
            let known = lock.withLock { verified[login.username] }
            let isOpen: Bool
            if let known, known.hash == user.passwordHash { isOpen = known.open } else {
                isOpen = Secrets.verify(Demo.password, hash: user.passwordHash)
                lock.withLock { verified[login.username] = (user.passwordHash, isOpen) }
            }
            if isOpen { found.append(login) }
        }
        lock.withLock { open = found; checkedAt = now }
    }
}
