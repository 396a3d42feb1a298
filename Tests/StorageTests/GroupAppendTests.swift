import Foundation
import SQLKit
import Storage
import Testing

/// `Store.appendEvents`: event appends checked and written set-wise by the writer, many requests to a group.
@Suite("Set-wise appends: checked and written together, each request all or nothing")
struct GroupAppendTests {
    static let types: Set<String> = ["submitted", "registered"]

    /// A request appending `events` to `app`, refused by its check when `refuse` says so.
    static func request(_ app: String, _ events: [Store.NewEvent], actor: String = "ingest",
                        refuse: (@Sendable ([String: [Store.EventRow]]) -> Bool)? = nil) -> EventAppend {
        EventAppend(parts: [.init(application: app, events: events)], actor: actor, contextTypes: types) { stored in
            if let refuse, refuse(stored) { throw Boom() }
        }
    }

    /// 60 requests queued behind a slow write, so that they share groups: every 5th is refused by its check and
    /// every 12th names an application that does not exist. The others all land, numbered without gaps,
    /// one audit entry each, and the chain is whole.
    @Test("a group of appends: the refused ones fail alone, the rest land in order", arguments: Backend.available)
    func refusedRequestsFailAlone(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            let apps = (1...5).map { "G-\($0)" }
            for a in apps { try await t.createApplication(FreshDB.application(a), events: [FreshDB.event("submitted", 1_741_000_000)]) }
            let before = try await t.count("audit_log")
            let outcomes = await GroupAppendTests.sixtyRequests(t, apps: apps)
            for (i, outcome) in outcomes where i >= 0 {
                // A missing application is found missing before any check runs.
                let expected = i % 12 == 0 ? "notFound" : i % 5 == 0 ? "refused" : "ok"
                #expect(outcome == expected, "request \(i): \(outcome)")
            }
            let landed = outcomes.filter { $0.0 >= 0 && $0.1 == "ok" }.map(\.0)
            var total = 0
            for a in apps {
                let events = try #require(try await t.store.application(key: a)).1
                #expect(events.map(\.seq) == Array(1...events.count), "\(a) is numbered 1…n")
                let docs = Set(events.dropFirst().map(\.body))
                let mine: [Int] = landed.filter { apps[$0 % apps.count] == a }
                let expected = Set(mine.map { GroupAppendTests.event($0).body })
                #expect(docs == expected, "\(a) holds exactly its accepted events")
                total += events.count - 1
            }
            #expect(total == landed.count)
            #expect(try await t.count("audit_log") == before + landed.count)
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(before + landed.count)))
        }
    }

    /// The writer held, then 60 appends queued behind it (see `refusedRequestsFailAlone`); each request's outcome.
    static func sixtyRequests(_ t: FreshDB, apps: [String]) async -> [(Int, String)] {
        await withTaskGroup(of: (Int, String).self) { group in
            let hold = WriterHold(t.database)
            await hold.hold(in: &group, returning: (-1, "ok"))
            for i in 0..<60 {
                await hold.queue(in: &group) { await GroupAppendTests.oneRequest(t, i: i, apps: apps) }
            }
            await hold.release()
            var all: [(Int, String)] = []
            for await o in group { all.append(o) }
            return all
        }
    }

    static func event(_ i: Int) -> Store.NewEvent {
        FreshDB.event("documents_added", 1_741_000_000 + Int64(i), extra: #", "documents": ["d\#(i)"]"#)
    }

    static func oneRequest(_ t: FreshDB, i: Int, apps: [String]) async -> (Int, String) {
        let app = i % 12 == 0 ? "NO-SUCH" : apps[i % apps.count]
        let event = GroupAppendTests.event(i)
        var refuse: (@Sendable ([String: [Store.EventRow]]) -> Bool)? = nil
        if i % 5 == 0 { refuse = { _ in true } }
        do {
            try await t.store.appendEvents(request(app, [event], refuse: refuse))
            return (i, "ok")
        } catch is Boom {
            return (i, "refused")
        } catch let e as StorageError {
            return (i, e.kind)
        } catch {
            return (i, "other: \(error)")
        }
    }

    @Test("a request's check sees the stored events of its types, including those of earlier requests in the same group",
          arguments: Backend.available)
    func checksSeeEarlierRequests(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            try await t.createApplication(FreshDB.application("C-1"), events: [FreshDB.event("submitted", 1_741_000_000),
                                                                              FreshDB.event("hearing_notified", 1_741_000_100)])
            let seen = SeenTypes()
            await withTaskGroup(of: Void.self) { group in
                // Both requests wait behind the held writer, in this order, and so share its next group.
                let hold = WriterHold(t.database)
                await hold.hold(in: &group, returning: ())
                await hold.queue(in: &group) { try? await t.store.appendEvents(GroupAppendTests.request("C-1", [FreshDB.event("registered", 1_741_000_200)])) }
                await hold.queue(in: &group) {
                    try? await t.store.appendEvents(GroupAppendTests.request("C-1", [FreshDB.event("hearing_held", 1_741_000_300)]) { stored in
                        seen.set(stored["C-1"]?.map(\.type) ?? [])
                        return false
                    })
                }
                await hold.release()
            }
            // Only the checks' types, in order: the registration appended by the request before it is there.
            #expect(seen.value == ["submitted", "registered"])
            let events = try #require(try await t.store.application(key: "C-1")).1
            #expect(events.map(\.type) == ["submitted", "hearing_notified", "registered", "hearing_held"])
            #expect(events.map(\.seq) == [1, 2, 3, 4])
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
        }
    }

    /// The writer remembers applications between groups; events appended behind its back (another process)
    /// must still be seen — numbered after, and shown to the checks.
    @Test("events written behind the writer's back are seen by the next append", arguments: Backend.available)
    func writesBehindTheBackAreSeen(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            try await t.createApplication(FreshDB.application("W-1"), events: [FreshDB.event("submitted", 1_741_000_000)])
            try await t.store.appendEvents(GroupAppendTests.request("W-1", [FreshDB.event("hearing_notified", 1_741_000_100)]))
            try await t.behindTheBack { db in
                try await db.insert(into: "events").columns("application", "seq", "type", "at_epoch", "body", "recorded_at", "recorded_by")
                    .values(SQLBind("W-1"), SQLBind(3), SQLBind("registered"), SQLBind(Int64(1_741_000_200)),
                            SQLBind(FreshDB.event("registered", 1_741_000_200).body), SQLBind("now"), SQLBind("other")).run()
            }
            let seen = SeenTypes()
            try await t.store.appendEvents(GroupAppendTests.request("W-1", [FreshDB.event("hearing_held", 1_741_000_300)]) { stored in
                seen.set(stored["W-1"]?.map(\.type) ?? [])
                return false
            })
            #expect(seen.value == ["submitted", "registered"])
            #expect(try #require(try await t.store.application(key: "W-1")).1.map(\.seq) == [1, 2, 3, 4])
        }
    }

    /// A statement failing inside the database (PostgreSQL refuses a NUL character in text) makes the writer
    /// redo the run one request at a time: only the offending request fails. (On SQLite, which would store the
    /// NUL, the three plain requests share the run. The API never writes a raw NUL: JSON text escapes it.)
    @Test("a database error in a set-wise run fails only its request", arguments: Backend.available)
    func databaseErrorFailsOnlyItsRequest(_ backend: Backend) async throws {
        try await FreshDB.with(backend) { t async throws in
            try await t.seedOrganizationAndService()
            for a in ["E-1", "E-2", "E-3"] { try await t.createApplication(FreshDB.application(a), events: [FreshDB.event("submitted", 1_741_000_000)]) }
            let outcomes = await withTaskGroup(of: (String, Bool).self) { group in
                let hold = WriterHold(t.database)
                await hold.hold(in: &group, returning: ("held", true))
                for a in ["E-1", "E-2", "E-3"] {
                    await hold.queue(in: &group) {
                        let body = a == "E-2" && backend == .postgres ? "{\"type\": \"documents_added\", \"note\": \"nul\u{0}\"}" : FreshDB.event("documents_added", 1_741_000_500).body
                        let r = EventAppend(parts: [.init(application: a, events: [Store.NewEvent(type: "documents_added", atEpoch: 1_741_000_500, body: body)])],
                                            actor: "ingest", contextTypes: GroupAppendTests.types) { _ in }
                        do { try await t.store.appendEvents(r); return (a, true) } catch { return (a, false) }
                    }
                }
                await hold.release()
                var all: [(String, Bool)] = []
                for await o in group { all.append(o) }
                return all
            }
            let ok = Dictionary(uniqueKeysWithValues: outcomes)
            #expect(ok["E-1"] == true && ok["E-3"] == true)
            #expect(ok["E-2"] == (backend == .sqlite))
            for a in ["E-1", "E-3"] { #expect(try #require(try await t.store.application(key: a)).1.count == 2) }
            // (E-2 holds its event on SQLite, none on PostgreSQL.)
            #expect(try #require(try await t.store.application(key: "E-2")).1.count == (backend == .sqlite ? 2 : 1))
            #expect(try await Audit.verify(t.database) == .whole(entries: Int64(try await t.count("audit_log"))))
        }
    }
}

final class SeenTypes: @unchecked Sendable {
    private let lock = NSLock()
    private var types: [String] = []
    func set(_ t: [String]) { lock.withLock { types = t } }
    var value: [String] { lock.withLock { types } }
}
