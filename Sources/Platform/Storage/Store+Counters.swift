import SQLKit

/// Counters that every process on one database shares (issue 18): the sign-in limiter's failures per account and
/// per address live in `sign_in_counters`, so that a guesser spreading attempts over several servers behind a
/// load balancer meets one budget, not one per server. What a count means is the caller's (`LoginLimiter`); the
/// store only reads, changes and keeps them atomically.
extension Store {
    public struct Counter: Sendable, Equatable {
        public var failures: Int
        public var blockedUntil: Int64
        public var last: Int64
        public init(failures: Int = 0, blockedUntil: Int64 = 0, last: Int64 = 0) {
            self.failures = failures; self.blockedUntil = blockedUntil; self.last = last
        }
        var isEmpty: Bool { failures == 0 && blockedUntil == 0 }
    }

    /// Reads the counters of `keys` (an absent one is `Counter()`), lets `change` give the new values of those it changes, and keeps
    /// them, in one write no other process's change of the same counters can interleave with: on PostgreSQL the
    /// rows are made first (`ON CONFLICT DO NOTHING`) and locked in key order (`FOR UPDATE`); on SQLite the write
    /// lock covers it. A counter changed to empty is removed, and so is every counter idle since before
    /// `forgetBefore` and not blocking at `now` — the table holds only what still counts.
    public func updateCounters<T: Sendable>(_ keys: [String], now: Int64, forgetBefore: Int64,
                                            _ change: @escaping @Sendable ([String: Counter]) -> (counters: [String: Counter], result: T)) async throws -> T {
        let keys = Array(Set(keys)).sorted()
        let postgres = database.kind == .postgres
        return try await database.write { db in
            try await db.delete(from: "sign_in_counters").where("last", .lessThan, SQLBind(forgetBefore))
                .where("blocked_until", .lessThanOrEqual, SQLBind(now)).run()
            if postgres, !keys.isEmpty {
                let insert = db.insert(into: "sign_in_counters").columns("key", "failures", "blocked_until", "last")
                for k in keys { insert.values(SQLBind(k), SQLBind(0), SQLBind(Int64(0)), SQLBind(Int64(0))) }
                try await insert.ignoringConflicts(with: ["key"]).run()
            }
            var current: [String: Counter] = [:]
            if !keys.isEmpty {
                let q = db.select().columns("key", "failures", "blocked_until", "last").from("sign_in_counters")
                    .where("key", .in, SQLBind.group(keys)).orderBy("key")
                if postgres { q.for(.update) }
                for r in try await q.all() {
                    current[try r.decode(column: "key", as: String.self)] = Counter(
                        failures: try r.decode(column: "failures", as: Int.self), blockedUntil: try r.decode(column: "blocked_until", as: Int64.self),
                        last: try r.decode(column: "last", as: Int64.self))
                }
            }
            let (changed, result) = change(current)
            for k in keys {
                let c = changed[k] ?? current[k] ?? Counter()
                if c.isEmpty {
                    try await db.delete(from: "sign_in_counters").where("key", .equal, SQLBind(k)).run()
                } else if changed[k] != nil {
                    try await db.insert(into: "sign_in_counters").columns("key", "failures", "blocked_until", "last")
                        .values(SQLBind(k), SQLBind(c.failures), SQLBind(c.blockedUntil), SQLBind(c.last))
                        .onConflict(with: ["key"]) { $0.set(excludedValueOf: "failures").set(excludedValueOf: "blocked_until").set(excludedValueOf: "last") }
                        .run()
                }
            }
            return result
        }
    }
}
