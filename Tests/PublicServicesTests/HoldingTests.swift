import BundledData
import Foundation
import JSONKit
import LegalCore
import PublicServices
import PublicServicesFeature
import TestSupport
import Testing
import WorkCalendar

/// `Checks.holding` against the engine itself: a judgement said to hold until an instant must be the same
/// judgement at every instant before it (findings and running terms alike), and a settled one for ever after.
/// Checked on every application of every case fixture, as of many instants around its events.
@Suite("How long a judgement holds (Checks.holding)")
struct HoldingTests {
    static let calendar: KazakhCalendar = {
        do { return try BundledData.calendar(overridesPath: nil, environment: [:]) } catch { fatalError("calendar: \(error)") }
    }()

    /// Everything a judgement says that a reader sees, as text (findings and running terms).
    static func judgement(_ app: Application, _ ctx: CheckContext) throws -> [String] {
        let j = try Checks.judgeEach(app, in: ctx)
        let (terms, beyond) = try Checks.runningTermsEach(app, in: ctx)
        let findings = j.findings.map { f in
            [f.subject, f.code, f.severity.rawValue, f.due?.description ?? "-", f.actual?.description ?? "-",
             f.lateWorkingDays.map(String.init) ?? "-", f.message.en, f.citation.map(\.description).joined(separator: ";")].joined(separator: "|")
        }.sorted()
        let running = terms.map { t in
            [t.kind.rawValue, t.status.rawValue, t.doneOn?.description ?? "-", t.deadline.due.description, t.urgency?.rawValue ?? "-",
             t.complaint ?? "-"].joined(separator: "|")
        }
        return findings + ["--"] + running + ["--"] + (j.beyondCalendar + beyond).map { "\($0.term.rawValue)|\($0.date)" }
    }

    /// Each fixture's document and its applications.
    static func documents() throws -> [(file: String, doc: CheckDocument, apps: [Application])] {
        try CaseFixtureTests.fixtureNames.map { file in
            let fixture = try Fixture(file: file)
            let bytes = try JSONSerialization.data(withJSONObject: fixture.input, options: [.sortedKeys])
            return try bytes.withUnsafeBytes { raw in
                let doc = try CheckDocument(raw, zones: calendar.zones)
                return (file, doc, try doc.applicationOffsets.indices.map { try doc.application($0, in: raw) })
            }
        }
    }

    @Test("a judgement is the same at every instant before its holding ends, and a settled one a year later")
    func holdsWhereItSays() throws {
        var rng = SplitMix64(seed: 2026)
        var windows = 0, settled = 0
        for (file, doc, apps) in try Self.documents() {
            for app in apps {
                var moments = [doc.asOf.secondsSinceEpoch]
                for e in app.events { moments += [e.at.secondsSinceEpoch - 1, e.at.secondsSinceEpoch, e.at.secondsSinceEpoch + 1] }
                let first = app.events.map(\.at.secondsSinceEpoch).min() ?? doc.asOf.secondsSinceEpoch
                for _ in 0..<12 { moments.append(first - 86_400 + Int64(rng.next() % UInt64(60 * 86_400))) }
                for m in Set(moments).sorted() {
                    let asOf = Instant(secondsSinceEpoch: m)
                    // The queue indexed as of the same instant, from the document's applications (as an adapter does).
                    func ctx(_ t: Instant) -> CheckContext {
                        var queue = QueueIndex()
                        for a in apps { queue.add(a, asOf: t) }
                        return CheckContext(asOf: t, calendar: Self.calendar, services: doc.services, officials: doc.officials, queue: queue)
                    }
                    guard let holding = try? Checks.holding(app, in: ctx(asOf)), let base = try? Self.judgement(app, ctx(asOf)) else { continue }
                    var samples: [Int64] = []
                    switch holding {
                    case .settled, .whileQueueUnchanged(until: nil): settled += 1; samples = [m + 1, m + 3 * 86_400, m + 400 * 86_400]
                    case .until(let u), .whileQueueUnchanged(until: let u?):
                        #expect(u.secondsSinceEpoch > m, "[\(file)] \(app.id) as of \(asOf): holds until \(u), not after it")
                        windows += 1
                        samples = [m + 1, (m + u.secondsSinceEpoch) / 2, u.secondsSinceEpoch - 1].filter { $0 > m && $0 < u.secondsSinceEpoch }
                    }
                    for s in samples {
                        guard let later = try? Self.judgement(app, ctx(Instant(secondsSinceEpoch: s))) else { continue }
                        #expect(later == base, "[\(file)] \(app.id): as of \(asOf) the judgement holds (\(holding)), but as of \(Instant(secondsSinceEpoch: s)) it is \(later) instead of \(base)")
                    }
                }
            }
        }
        #expect(windows > 50 && settled > 50, "the fixtures exercise both kinds (\(windows) windows, \(settled) settled)")
    }

    @Test("the check can fail: a running term's judgement does change after its holding ends")
    func holdingEndsWhereTimeMatters() throws {
        var changed = 0
        for (_, doc, apps) in try Self.documents() {
            for app in apps {
                let ctx = CheckContext(asOf: doc.asOf, calendar: Self.calendar, services: doc.services, officials: doc.officials)
                guard case .until(let u)? = try? Checks.holding(app, in: ctx), let base = try? Self.judgement(app, ctx) else { continue }
                var later = ctx; later.asOf = Instant(secondsSinceEpoch: u.secondsSinceEpoch + 30 * 86_400)
                if let after = try? Self.judgement(app, later), after != base { changed += 1 }
            }
        }
        #expect(changed > 0, "no fixture's judgement moves with time: the test above could not tell a wrong holding")
    }

    @Test("a queue's order depends on other applications: its judgement holds only while its queue is unchanged, and not past the instant another's event starts to count")
    func queuesHoldWhileUnchanged() throws {
        var queued = 0, boundedByOthers = 0
        for (_, doc, apps) in try Self.documents() {
            for app in apps {
                let isQueue = doc.services[app.service]?.queue == true
                // As of each event of the queue's other applications, less a second: that event must bound the holding.
                let others = apps.filter { $0.id != app.id && $0.service == app.service && $0.provider == app.provider }.flatMap(\.events).map(\.at)
                for asOf in [doc.asOf] + others.map({ Instant(secondsSinceEpoch: $0.secondsSinceEpoch - 1) }) {
                    var queue = QueueIndex()
                    for a in apps { queue.add(a, asOf: asOf) }
                    let ctx = CheckContext(asOf: asOf, calendar: Self.calendar, services: doc.services, officials: doc.officials, queue: queue)
                    guard let holding = try? Checks.holding(app, in: ctx) else { continue }
                    guard isQueue else { if case .whileQueueUnchanged = holding { Issue.record("\(app.id) is no queue's") }; continue }
                    guard case .whileQueueUnchanged(let until) = holding else { Issue.record("\(app.id): \(holding)"); continue }
                    queued += 1
                    if asOf != doc.asOf {
                        #expect(until.map { $0.secondsSinceEpoch <= asOf.secondsSinceEpoch + 1 } == true, "\(app.id) as of \(asOf): holds until \(String(describing: until))")
                        boundedByOthers += 1
                    }
                }
            }
        }
        #expect(queued > 0 && boundedByOthers > 0, "a fixture has a queue service with several applications (\(queued), \(boundedByOthers))")
    }
}
