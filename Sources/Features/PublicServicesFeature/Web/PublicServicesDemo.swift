import Foundation
import Identifiers
import JSONKit
import LegalCore
import PublicServices
import Storage
import WorkCalendar

/// PS-VIOLATIONS-2025's demo: the bundled catalog, the officials of the four demo organizations (signing rights,
/// a leave each for two of them), and a few hundred applications over the eleven months before the day it is
/// loaded, with realistic violations — so a newcomer sees today's work: applications due today and the next
/// working day, some arrived and not yet registered. Generated from a fixed seed, so the same `asOf` gives the
/// same demo. Nothing happens after `asOf`: a step that would come later is left for the workspace to record.
/// Applicants are people (IIN) and companies (BIN) with valid check digits, so a search by IIN finds them.
enum PublicServicesDemo {
    struct RNG: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(next() % UInt64(r.count)) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 10_000) / 10_000 < p }
    }

    static func load(store: Store, calendar: KazakhCalendar, catalog: [(id: String, json: String, passport: ServicePassport)],
                     applications count: Int, asOf: Instant) async throws {
        for s in catalog { try await store.putService(id: s.id, passport: s.json, actor: "demo") }
        let ids = catalog.map(\.id)
        let zone = try calendar.zones.resolve("Asia/Almaty")
        let today = LocalDate(dayNumber: zone.local(asOf.secondsSinceEpoch)?.day ?? Int32(asOf.secondsSinceEpoch / 86_400))
        // The eleven months before today (the calendar covers them: it covers the current year and the past).
        let first = today.adding(days: -330)
        func leave(_ from: Int, _ days: Int) -> String {
            #"{"from": "\#(first.adding(days: from))", "to": "\#(first.adding(days: from + days))"}"#
        }
        let officials: [Store.OfficialRow] = [
            .init(id: "akim-abai", organization: "akimat-abai", name: "Абай ауданының әкімі", maySign: ids, absencesJSON: #"[{"from": "2025-07-01", "to": "2025-07-21"}, "# + leave(150, 20) + "]"),
            .init(id: "deputy-abai", organization: "akimat-abai", name: "Әкімнің орынбасары", maySign: ids.filter { $0 != "land-plot-resolution" }, absencesJSON: "[]"),
            .init(id: "akim-zhetisu", organization: "akimat-zhetisu", name: "Ауылдық округ әкімі", maySign: ids,
                  absencesJSON: "[" + leave(200, 18) + "]"),
            .init(id: "head-uap", organization: "uap-astana", name: "Басқарма басшысы", maySign: ids, absencesJSON: "[]"),
            .init(id: "head-dgd", organization: "dgd-almaty", name: "Департамент басшысы", maySign: ids, absencesJSON: "[]"),
        ]
        for o in officials { try await store.putOfficial(o, actor: "demo") }
        let providers = ["akimat-abai", "akimat-zhetisu", "uap-astana", "dgd-almaty"]
        var rng = RNG(state: 2025)
        let signerOf = ["akimat-abai": "akim-abai", "akimat-zhetisu": "akim-zhetisu", "uap-astana": "head-uap", "dgd-almaty": "head-dgd"]
        var queuePosition = 0
        var pending: [(Store.ApplicationRow, [Store.NewEvent], String?)] = []
        for n in stride(from: 1, through: count, by: 1) {
            let s = catalog[rng.int(0...(catalog.count - 1))]
            let p = s.passport
            let provider = providers[rng.int(0...(providers.count - 1))]
            let channel: Channel = rng.chance(0.7) ? .electronic : (rng.chance(0.5) ? .paper : .stateCorporation)
            // A submission on a working day of the last eleven months (the last few days more often, so that
            // today's work is there) between 08:00 and 20:00 local time.
            var day = first.adding(days: rng.chance(0.1) ? rng.int(320...330) : rng.int(0...330))
            day = try calendar.addWorkingDays(day, 0)
            if day > today { day = try calendar.addWorkingDays(first.adding(days: rng.int(0...300)), 0) }
            func at(_ d: LocalDate, _ minutes: Int) -> Int64 { Int64(d.dayNumber) * 86_400 + Int64(minutes * 60) - 5 * 3600 }
            let submitted = at(day, rng.int(480...1200))
            // A step whose day the calendar does not hold yet (next year, before it is published) has not happened:
            // the application stays open, as it would in a real register.
            guard let receipt = try? calendar.receiptDay(seconds: submitted, zone: zone, closeMinutes: p.schedule.close.minutes) else { continue }
            var events: [(String, Int64, [(String, String)])] = [("submitted", submitted, [("documents", docs(p.requiredDocuments, drop: rng.chance(0.05)))])]
            let lateRegistration = rng.chance(0.06) ? rng.int(1...3) : 0
            let regDay = (try? calendar.addWorkingDays(receipt, lateRegistration)) ?? receipt
            let registered = max(at(regDay, rng.int(540...1000)), submitted + 60)
            // What arrived today or the day before is, half the time, still waiting to be registered (and so open).
            let unregistered = receipt >= today.adding(days: -1) && rng.chance(0.5)
            if !unregistered { events.append(("registered", registered, [])) }
            if !unregistered, channel == .paper, !rng.chance(0.1) { events.append(("monitoring_recorded", registered + 600, [])) }
            if rng.chance(0.04), let extra = ["pension_fund_extracts", "identity_document", "certificate_of_no_debt"].randomElement(using: &rng) {
                events.append(("documents_requested", registered + 3600, [("documents", "[\(JSONText.string(extra))]")]))
            }
            if p.free, rng.chance(0.01) { events.append(("payment_demanded", registered + 7200, [("amount", "5000")])) }
            let termDays: Int
            switch p.term { case .workingDays(let d): termDays = d; case .calendarDays(let d): termDays = d * 5 / 7; default: termDays = 3 }
            let lateness = rng.chance(0.08) ? rng.int(1...4) : -rng.int(0...max(0, termDays - 1))
            let decisionDay = try? calendar.addWorkingDays(receipt, max(0, termDays + lateness))
            var decided = decisionDay.map { max(at($0, rng.int(600...1050)), registered + 120) } ?? Int64.max / 2
            // An application whose term still runs is, more often than not, still being worked on.
            let running = ((try? calendar.addWorkingDays(receipt, termDays)).map { $0 >= today } ?? true) && rng.chance(0.7)
            let open = unregistered || running || decided > asOf.secondsSinceEpoch || rng.chance(0.05)
            if !open {
                if rng.chance(0.12) {
                    if p.hearingRequired, rng.chance(0.7) { events.append(("hearing_held", decided - 3600, [])) }
                    let reasons = rng.chance(0.2) ? "[]" : "[\(JSONText.string("Қағидалардың 9-тармағы: жер учаскесінің жоспары ұсынылмаған"))]"
                    let ground = rng.chance(0.4) ? "incomplete_package" : "merits"
                    events.append(("refused", decided, [("ground", JSONText.string(ground)), ("reasons", reasons),
                                                        ("signedBy", JSONText.string(signerOf[provider]!))]))
                } else {
                    if p.queue { queuePosition += 1 }
                    events.append(("result_issued", decided, [("signedBy", JSONText.string(signerOf[provider]!))]))
                }
                if rng.chance(0.05) {
                    decided += 86_400
                    let c = "C-\(n)"
                    events.append(("complaint_registered", decided, [("complaint", JSONText.string(c))]))
                    if let answerDay = try? calendar.addWorkingDays(calendar.localDay(seconds: decided, zone: zone), rng.int(2...8)) {
                        events.append(("complaint_answered", at(answerDay, 660), [("complaint", JSONText.string(c)), ("satisfied", JSONText.string("partial"))]))
                    }
                }
            }
            let appID = String(format: "A-%05d", n)
            let row = Store.ApplicationRow(id: appID, service: s.id, provider: provider, channel: channel.rawValue, applicant: applicant(&rng),
                                           queuePosition: p.queue ? Int(day.dayNumber - 20_000) * 3 + rng.int(0...40) : nil, createdAt: asOf.iso(offsetSeconds: 0))
            // What would happen after the moment the demo is loaded has not happened yet.
            let stored = events.filter { $0.1 <= asOf.secondsSinceEpoch }.sorted { $0.1 < $1.1 }.map { e in
                let fields = [("type", JSONText.string(e.0)), ("at", JSONText.string(Instant(secondsSinceEpoch: e.1).iso(offsetSeconds: 18_000)))] + e.2
                return Store.NewEvent(type: e.0, atEpoch: e.1, body: JSONText.object(fields))
            }
            // The head of the two akimats has given most open applications to their executors (executor2 works for akimat-abai only).
            var assignee: String?
            if open, !unregistered, ["akimat-abai", "akimat-zhetisu"].contains(provider), let who = rng.chance(0.85) ? (provider == "akimat-abai" && rng.chance(0.35) ? "executor2" : "executor") : nil {
                assignee = who
            }
            pending.append((row, stored, assignee))
            if pending.count == 512 || n == count { try await write(pending); pending.removeAll(keepingCapacity: true) }
        }
        // Written a batch at a time, the batch's applications at once: the writer commits them in groups (a large
        // demo — RASIM_DEMO_APPLICATIONS=1000000 — takes minutes, not an fsync per application).
        func write(_ batch: [(Store.ApplicationRow, [Store.NewEvent], String?)]) async throws {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (row, stored, _) in batch {
                    group.addTask {
                        try await store.database.write { db in
                            try await Store.insertApplication(db, row, actor: "demo")
                            try await Store.insertEvents(db, application: row.key, after: 0, stored, actor: "demo")
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (row, _, who) in batch { if let who { group.addTask { _ = try await store.assign(application: row.key, assignee: who, actor: "signer") } } }
                try await group.waitForAll()
            }
        }
    }

    /// An applicant's IIN (a person, three in four) or BIN (a company), with a valid check digit.
    static func applicant(_ rng: inout RNG) -> String {
        while true {
            var d: [Int]
            if rng.chance(0.75) {
                let year = rng.int(1950...2005), month = rng.int(1...12), day = rng.int(1...28)
                let century = (year >= 2000 ? 5 : 3) + rng.int(0...1)
                d = [year % 100 / 10, year % 10, month / 10, month % 10, day / 10, day % 10, century]
            } else {
                let year = rng.int(0...24), month = rng.int(1...12)
                d = [year / 10, year % 10, month / 10, month % 10, 4, rng.int(0...1)]
            }
            while d.count < 11 { d.append(rng.int(0...9)) }
            guard let k = Identifiers.checkDigit(d) else { continue }
            return (d + [k]).map(String.init).joined()
        }
    }

    static func docs(_ required: [String], drop: Bool) -> String {
        let list = drop ? Array(required.dropLast()) : required
        return "[" + list.map(JSONText.string).joined(separator: ", ") + "]"
    }
}
