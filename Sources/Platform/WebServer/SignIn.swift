import WebKit
import Foundation
import Hummingbird
import NIOCore
import Storage

/// One sign-in, for the JSON `POST /login` and the web form alike: the name's length, the limiter (per account
/// and per address, counted before the password is checked), bcrypt (against a dummy hash for an unknown name,
/// so both take as long), a refused attempt in the audit log, and a new session (its id stored only as a hash).
enum SignIn {
    enum Outcome: Sendable {
        case nameTooLong
        case rateLimited(retryAfter: Int64)
        case wrongCredentials
        /// The password is right, but no feature this server serves declares the account's role.
        case roleNotServed(String)
        case signedIn(user: Store.User, sessionID: String, csrf: String)
    }

    /// Sessions last a working day.
    static let lifetime: Int64 = 8 * 3600
    /// The longest user name a sign-in accepts (characters); `rasim user add` allows 100, the demo's are short.
    /// A longer one is refused before anything is checked, counted or written.
    static let maxUsernameLength = 64
    /// The most a `/login` or `/signin` body may hold: a name, a password, a token and a path fit many times.
    static let maxBodyBytes = 16 << 10

    /// A sign-in's body, at most `maxBodyBytes`; nil when it is longer.
    static func body(_ req: Request) async throws -> ByteBuffer? {
        do { return try await req.body.collect(upTo: maxBodyBytes) } catch let e as HTTPError where e.status == .contentTooLarge {
            return nil
        } catch is NIOTooManyBytesError {
            return nil
        }
    }

    static func attempt(username: String, password: String, remote: String?, via: String, store: Store,
                        limiter: LoginLimiter, passwords: PasswordCheck, roles: Roles) async throws -> Outcome {
        guard username.unicodeScalars.count <= maxUsernameLength else { return .nameTooLong }
        let account = LoginLimiter.accountKey(username), address = remote ?? "-"
        let now = Clock.nowEpoch()
        // Counted as a failure now, before bcrypt: parallel attempts cannot all pass a check made before any was counted.
        if case .wait(let seconds) = try await limiter.begin(account: account, address: address, now: now) {
            return .rateLimited(retryAfter: seconds)
        }
        let user = try await store.user(username: username)
        guard let user, passwords.verify(password, hash: user.passwordHash) else {
            if user == nil { passwords.verifyUnknown(password) }
            // A short record: the name only when it is a user's (an unknown "name" may be a password typed in
            // the wrong field), else a digest that still groups repeated attempts.
            let who = user?.username ?? "?" + String(Secrets.sha256(username).prefix(12))
            try await store.recordRefusal(actor: who, action: "login", entity: "user:\(who)",
                                          reason: "wrong user name or password" + (via == "api" ? "" : " (\(via))"))
            return .wrongCredentials
        }
        try await limiter.succeeded(account: account, address: address, now: now)
        guard roles.role(user.role) != nil else {
            try await store.recordRefusal(actor: user.username, action: "login", entity: "user:\(user.username)",
                                          reason: "role \(user.role) is not served by this server")
            return .roleNotServed(user.role)
        }
        let sid = Secrets.randomToken(), csrf = Secrets.randomToken()
        try await store.createSession(idHash: Secrets.sha256(sid), userID: user.id, csrf: csrf, expiresEpoch: now + lifetime, actor: user.username)
        return .signedIn(user: user, sessionID: sid, csrf: csrf)
    }
}

/// bcrypt for sign-ins, counted (a test can see which attempts reached it). An unknown name is checked against
/// a dummy hash of the configured cost, so it takes as long as a known one's wrong password.
final class PasswordCheck: @unchecked Sendable {
    let cost: UInt8
    private let lock = NSLock()
    private var dummy: String?
    private var count = 0

    init(cost: UInt8) { self.cost = cost }

    /// bcrypt checks made so far.
    var checks: Int { lock.withLock { count } }

    func verify(_ password: String, hash: String) -> Bool {
        lock.withLock { count += 1 }
        return Secrets.verify(password, hash: hash)
    }

    /// The same work for a name no user has.
    func verifyUnknown(_ password: String) { _ = verify(password, hash: dummyHash()) }

    /// A hash of a random password at `cost`, made once.
    func dummyHash() -> String {
        lock.withLock {
            if let dummy { return dummy }
            let h = Secrets.hashPassword(Secrets.randomToken(), cost: cost)
            dummy = h
            return h
        }
    }
}

/// Failed sign-ins, per account (the normalized name) and per address, with a back-off that expires.
///
/// - An account has `account.free` failures free; each further one blocks it for twice as long as the last,
///   from `firstDelay` up to `maxDelay` (30 s, 1 min, 2 min … 15 min). While blocked, attempts are refused
///   without being counted, so an attacker cannot push the owner's wait past `maxDelay` after the last failure.
///   An entry without a failure for `forgetAfter` is forgotten; a successful sign-in clears it.
/// - An address has a larger budget (`address`), against one client spraying many names; it does not multiply
///   an account's guesses — the account's own count applies whichever address the guesses come from.
/// - Every attempt is counted in `begin`, before bcrypt, atomically (an actor); success takes it back.
/// - Memory is bounded: at most `capacity` accounts and `capacity` addresses. When a table is full, expired
///   entries go first, then the least recently failed unblocked ones, then the least recently failed.
/// - With a `shared` store (what `rasim serve` uses) the counts live in the database (`Store.updateCounters`),
///   read and changed in one write: every server on that database counts against the same budget, and a
///   restart forgets nothing. Without one (unit tests), they live in this actor.
actor LoginLimiter {
    struct Policy: Sendable {
        var free: Int
        var firstDelay: Int64
        var maxDelay: Int64
        var forgetAfter: Int64
    }

    static let accountPolicy = Policy(free: 5, firstDelay: 30, maxDelay: 900, forgetAfter: 3600)
    static let addressPolicy = Policy(free: 50, firstDelay: 30, maxDelay: 900, forgetAfter: 3600)

    struct Entry: Sendable {
        var failures = 0
        var blockedUntil: Int64 = 0
        var last: Int64 = 0
        init() {}
        init(_ c: Store.Counter) { failures = c.failures; blockedUntil = c.blockedUntil; last = c.last }
        var counter: Store.Counter { Store.Counter(failures: failures, blockedUntil: blockedUntil, last: last) }
    }

    enum Decision: Sendable, Equatable {
        case proceed
        case wait(seconds: Int64)
    }

    let account: Policy
    let address: Policy
    let capacity: Int
    private var accounts: [String: Entry] = [:]
    private var addresses: [String: Entry] = [:]

    let shared: Store?

    init(account: Policy = LoginLimiter.accountPolicy, address: Policy = LoginLimiter.addressPolicy, capacity: Int = 10_000, shared: Store? = nil) {
        self.account = account; self.address = address; self.capacity = max(capacity, 4); self.shared = shared
    }

    /// The keys of the shared counters.
    static func sharedKeys(account name: String, address ip: String) -> (String, String) { ("account:" + name, "address:" + ip) }

    private var forgetBefore: (Int64) -> Int64 { { [account, address] now in now - max(account.forgetAfter, address.forgetAfter) } }

    /// `begin`, counted in the shared store or in memory.
    func begin(account name: String, address ip: String, now: Int64) async throws -> Decision {
        guard let shared else { return beginHere(account: name, address: ip, now: now) }
        let (ak, ik) = Self.sharedKeys(account: name, address: ip)
        let account = self.account, address = self.address
        return try await shared.updateCounters([ak, ik], now: now, forgetBefore: forgetBefore(now)) { counters in
            let a = Self.current(counters[ak].map(Entry.init), account, now), i = Self.current(counters[ik].map(Entry.init), address, now)
            let wait = max(a.blockedUntil, i.blockedUntil) - now
            if wait > 0 { return ([:], .wait(seconds: wait)) }
            return ([ak: Self.fail(a, account, now).counter, ik: Self.fail(i, address, now).counter], .proceed)
        }
    }

    /// `succeeded`, in the shared store or in memory.
    func succeeded(account name: String, address ip: String, now: Int64) async throws {
        guard let shared else { return succeededHere(account: name, address: ip) }
        let (ak, ik) = Self.sharedKeys(account: name, address: ip)
        let address = self.address
        try await shared.updateCounters([ak, ik], now: now, forgetBefore: forgetBefore(now)) { counters in
            var i = counters[ik].map(Entry.init) ?? Entry()
            i.failures = max(0, i.failures - 1)
            if i.failures < address.free { i.blockedUntil = 0 }
            return ([ak: Store.Counter(), ik: i.failures == 0 ? Store.Counter() : i.counter], ())
        }
    }

    /// The key an account is counted under: "Admin", " admin" and "admin" share one budget.
    static func accountKey(_ username: String) -> String {
        username.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }

    /// Whether an attempt may go on; if so it is counted as a failure until `succeeded`.
    private func beginHere(account name: String, address ip: String, now: Int64) -> Decision {
        let a = Self.current(accounts[name], account, now), i = Self.current(addresses[ip], address, now)
        let wait = max(a.blockedUntil, i.blockedUntil) - now
        if wait > 0 { return .wait(seconds: wait) }
        accounts[name] = nil; addresses[ip] = nil
        Self.put(&accounts, name, Self.fail(a, account, now), account, now: now, capacity: capacity)
        Self.put(&addresses, ip, Self.fail(i, address, now), address, now: now, capacity: capacity)
        return .proceed
    }

    /// A successful sign-in: the account starts afresh, the address gets its attempt back.
    private func succeededHere(account name: String, address ip: String) {
        accounts[name] = nil
        if var i = addresses[ip] {
            i.failures = max(0, i.failures - 1)
            if i.failures < address.free { i.blockedUntil = 0 }
            addresses[ip] = i.failures == 0 ? nil : i
        }
    }

    /// How many accounts and addresses are remembered.
    var size: (accounts: Int, addresses: Int) { (accounts.count, addresses.count) }

    private static func current(_ e: Entry?, _ p: Policy, _ now: Int64) -> Entry {
        guard let e, !expired(e, p, now) else { return Entry() }
        return e
    }

    private static func expired(_ e: Entry, _ p: Policy, _ now: Int64) -> Bool {
        now >= e.blockedUntil && now - e.last >= p.forgetAfter
    }

    private static func fail(_ e: Entry, _ p: Policy, _ now: Int64) -> Entry {
        var e = e
        e.failures += 1
        e.last = now
        if e.failures >= p.free {
            let doublings = min(e.failures - p.free, 20)
            e.blockedUntil = now + min(p.maxDelay, p.firstDelay << Int64(doublings))
        }
        return e
    }

    private static func put(_ table: inout [String: Entry], _ key: String, _ e: Entry, _ p: Policy, now: Int64, capacity: Int) {
        if table.count >= capacity {
            // Expired entries first; then a quarter of the table, unblocked and least recently failed first.
            table = table.filter { !expired($0.value, p, now) }
            if table.count >= capacity {
                let victims = table.sorted { l, r in
                    let lb = l.value.blockedUntil > now, rb = r.value.blockedUntil > now
                    return lb != rb ? !lb : l.value.last < r.value.last
                }.prefix(max(1, capacity / 4)).map(\.key)
                for k in victims { table[k] = nil }
            }
        }
        table[key] = e
    }
}
