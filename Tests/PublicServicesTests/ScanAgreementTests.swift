import BundledData
import Foundation
import JSONKit
import PublicServicesFeature
import LegalCore
import PublicServices
import TestSupport
import Testing
import WorkCalendar

/// `rasim scan` judges flat rows with `FlatRecords.judge`; `rasim check` judges timelines with `Checks.judge`.
/// The issue requires the two to agree. Here seeded random rows — every channel and result, arrivals after
/// hours, at weekends, on holidays (Nauryz 2025-03-21…25, the 2024-05-08 day off, working Saturdays), across
/// the 2024-03-01 and 2018-12-21 zone changes, events at and after `asOf`, pending applications — are
/// judged both ways: the flat row directly, and the same row written as a `rasim check` document (the mapping
/// of FlatRecords' doc comment) through `CheckRunner.findings`. For every row the set of the five codes a
/// flat row can show, each with its due day, actual day and working-day lateness, must be the same.
@Suite("rasim scan agrees with rasim check, row by row")
struct ScanAgreementTests {
    static let codes: Set<String> = Set(FlatRecords.codes.map(\.rawValue))

    /// One batch per `asOf`: each chosen so that arrivals and acts straddle a hard day.
    static let asOfs = [
        "2024-03-01T10:00:00+05:00",   // the morning after Almaty moved from +06:00 to +05:00
        "2025-03-24T12:00:00+05:00",   // inside Nauryz (21–25 March 2025)
        "2024-05-08T18:29:59+05:00",   // the 2024-05-08 day off, a second before a closing time
        "2026-01-15T12:00:00+05:00",   // the benchmark's asOf
        "2018-12-21T09:00:00+05:00",   // the morning Qyzylorda moved from +06:00 to +05:00
    ]

    @Test("generated rows: FlatRecords.judge ≡ CheckRunner.findings (five codes, due, actual, late days)",
          arguments: Array(asOfs.indices))
    func generatedRowsAgree(batch: Int) throws {
        let cal = try BundledData.calendar(overridesPath: nil, environment: [:])
        var rng = SplitMix64(seed: 0x5CA1_AB1E &+ UInt64(batch) &* 0x1000_0001)
        let asOf = Instant(iso: Self.asOfs[batch])!
        let services = ScanAgreementGenerator.services(&rng)
        let rows = ScanAgreementGenerator.rows(&rng, count: 1500, services: services, asOf: asOf, calendar: cal, ordered: true)
        let mismatches = try ScanAgreementHarness.compare(rows: rows, services: services, asOf: asOf, calendar: cal)
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(rows.count) rows disagree; first: \(mismatches.prefix(5).joined(separator: "\n"))")
    }

    /// The generator must reach the cases it claims, or the agreement above proves little.
    @Test("the generated rows reach every code and the edge cases")
    func coverage() throws {
        let cal = try BundledData.calendar(overridesPath: nil, environment: [:])
        var seen: [String: Int] = [:]
        for batch in Self.asOfs.indices {
            var rng = SplitMix64(seed: 0x5CA1_AB1E &+ UInt64(batch) &* 0x1000_0001)
            let asOf = Instant(iso: Self.asOfs[batch])!
            let services = ScanAgreementGenerator.services(&rng)
            let rows = ScanAgreementGenerator.rows(&rng, count: 1500, services: services, asOf: asOf, calendar: cal, ordered: true)
            let parsed = try ScanAgreementHarness.flatServices(services, asOf: asOf, calendar: cal)
            for r in rows {
                let s = parsed[r.service]
                let o = try FlatRecords.judge(r.flat, s, asOf: asOf.secondsSinceEpoch, calendar: cal)
                if o.lateRegistration != nil { seen["late_registration", default: 0] += 1 }
                if let t = o.termBreach { seen[t.actual == nil ? "term_breach_open" : "term_breach_decided", default: 0] += 1 }
                if t0(o.termBreach) { seen["term_breach_0_days", default: 0] += 1 }
                if o.refusalTermBreach != nil { seen["refusal_term_breach", default: 0] += 1 }
                if o.refusalWithoutReasons { seen["refusal_without_reasons", default: 0] += 1 }
                if o.refusalWithoutHearing { seen["refusal_without_hearing", default: 0] += 1 }
                if r.flat.submitted > asOf.secondsSinceEpoch { seen["submitted_after_asOf", default: 0] += 1 }
                if let d = r.flat.decided, d > asOf.secondsSinceEpoch, r.flat.submitted <= asOf.secondsSinceEpoch { seen["decided_after_asOf", default: 0] += 1 }
                if r.flat.decided == asOf.secondsSinceEpoch || r.flat.registered == asOf.secondsSinceEpoch { seen["event_at_asOf", default: 0] += 1 }
                if r.flat.channel == .electronic && r.flat.registered == nil && r.flat.decided == nil { seen["electronic_never_arrived", default: 0] += 1 }
                let local = try cal.zones.localTime(Instant(secondsSinceEpoch: r.flat.submitted), zone: s.zone.id)
                if local.minutes >= s.closeMinutes { seen["after_hours", default: 0] += 1 }
                if try !cal.isWorkingDay(local.date) { seen[local.date.isWeekend ? "weekend" : "holiday_weekday", default: 0] += 1 }
                if local.date.isWeekend, try cal.isWorkingDay(local.date) { seen["working_weekend_day", default: 0] += 1 }
            }
        }
        for key in ["late_registration", "term_breach_open", "term_breach_decided", "term_breach_0_days", "refusal_term_breach",
                    "refusal_without_reasons", "refusal_without_hearing", "submitted_after_asOf", "decided_after_asOf",
                    "event_at_asOf", "electronic_never_arrived", "after_hours", "weekend", "holiday_weekday", "working_weekend_day"] {
            #expect(seen[key, default: 0] >= 5, "the generator reached \(key) only \(seen[key, default: 0]) times")
        }
    }

    private func t0(_ l: FlatRecords.Lateness?) -> Bool { l.map { $0.late == 0 && $0.actual != nil } ?? false }

    /// Rows whose provider events come before `submitted_at` (a broken export). The flat form does not judge a
    /// row submitted after `asOf`; the timeline check drops the `submitted` event (it is after `asOf`) and must
    /// then find no arrival either (`Application.receivedAt` is nil without a `submitted` or `received` event
    /// as of `asOf`) — before that rule it took the first remaining provider event as the arrival and judged
    /// the row, which this test caught (60 of 306 such rows).
    @Test("rows with provider events before submitted_at")
    func disorderedRowsAgree() throws {
        let cal = try BundledData.calendar(overridesPath: nil, environment: [:])
        var rng = SplitMix64(seed: 0xD150_4DE5)
        let asOf = Instant(iso: "2025-03-24T12:00:00+05:00")!
        let services = ScanAgreementGenerator.services(&rng)
        let rows = ScanAgreementGenerator.rows(&rng, count: 3000, services: services, asOf: asOf, calendar: cal, ordered: false)
        let before = rows.filter { $0.flat.submitted <= asOf.secondsSinceEpoch }
        let after = rows.filter { $0.flat.submitted > asOf.secondsSinceEpoch }
        #expect(before.count > 1000 && after.count > 100)
        for part in [before, after] {
            let mismatches = try ScanAgreementHarness.compare(rows: part, services: services, asOf: asOf, calendar: cal)
            #expect(mismatches.isEmpty, "\(mismatches.count) of \(part.count) rows disagree; first: \(mismatches.prefix(5).joined(separator: "\n"))")
        }
    }

    /// The smallest such row: submitted after `asOf`, registered (before it) on or before `asOf`. The
    /// registration must not stand in for the arrival (it did: term_breach due 2025-03-12, 6 working days).
    @Test("minimal disordered row: registered before submitted, submitted after asOf")
    func minimalDisorderedRow() throws {
        let cal = try BundledData.calendar(overridesPath: nil, environment: [:])
        let asOf = Instant(iso: "2025-03-24T12:00:00+05:00")!
        let service = ScanAgreementService(id: "S1", term: 1, refusalTerm: nil, hearingRequired: false, zone: "Asia/Almaty", close: "18:30")
        let row = ScanAgreementRow(
            id: "A1", service: 0,
            flat: FlatRecords.Row(channel: .paper, submitted: Instant(iso: "2025-03-25T10:00:00+05:00")!.secondsSinceEpoch,
                                  registered: Instant(iso: "2025-03-10T10:00:00+05:00")!.secondsSinceEpoch, decided: nil,
                                  result: .pending, reasonsGiven: false, hearingHeld: false),
            offsets: (18_000, 18_000, 18_000))
        let mismatches = try ScanAgreementHarness.compare(rows: [row], services: [service], asOf: asOf, calendar: cal)
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }
}

// MARK: - Generator


struct ScanAgreementService {
    var id: String
    var term: Int
    var refusalTerm: Int?
    var hearingRequired: Bool
    var zone: String
    var close: String
}

struct ScanAgreementRow {
    var id: String
    var service: Int
    var flat: FlatRecords.Row
    /// The UTC offsets (seconds) the submitted, registered and decided instants are written with.
    var offsets: (Int, Int, Int)
}

enum ScanAgreementGenerator {
    static let zones = ["Asia/Almaty", "Asia/Almaty", "Asia/Almaty", "Asia/Qostanay", "Asia/Qyzylorda", "Asia/Aqtobe", "Asia/Oral", "UTC"]
    static let closes = ["18:30", "18:30", "18:00", "18:00", "13:00", "24:00"]

    static func services(_ rng: inout SplitMix64) -> [ScanAgreementService] {
        (1...40).map { i in
            let terms = [0, 1, 1, 2, 3, 5, 5, 7, 10, 15, 30]
            let refusal: Int? = rng.chance(0.5) ? [0, 1, 2, 2, 2, 3][Int.random(in: 0..<6, using: &rng)] : nil
            return ScanAgreementService(id: "S\(i)", term: terms[Int.random(in: 0..<terms.count, using: &rng)], refusalTerm: refusal,
                                        hearingRequired: rng.chance(0.5), zone: zones[Int.random(in: 0..<zones.count, using: &rng)],
                                        close: closes[Int.random(in: 0..<closes.count, using: &rng)])
        }
    }

    /// Days the calendar makes hard: holidays, moved days off, working weekend days, zone changes, year ends.
    static func hardDays(_ cal: KazakhCalendar) -> [LocalDate] {
        var days: [LocalDate] = []
        for text in ["2025-03-20", "2025-03-21", "2025-03-22", "2025-03-24", "2025-03-25", "2025-03-26", "2024-05-07",
                     "2024-05-08", "2024-05-09", "2024-05-10", "2024-02-29", "2024-03-01", "2024-03-02", "2024-03-04",
                     "2018-12-20", "2018-12-21", "2018-12-24", "2024-12-31", "2025-01-02", "2025-01-03", "2025-01-06"] {
            days.append(LocalDate(text)!)
        }
        // Working weekend days (decree-made working Saturdays and Sundays) and the days around them.
        var d = LocalDate(text: "2016-01-01")
        while d < LocalDate(text: "2026-09-01") {
            if d.isWeekend, (try? cal.isWorkingDay(d)) == true { days += [d.adding(days: -1), d, d.adding(days: 1)] }
            d = d.adding(days: 1)
        }
        return days
    }

    static func rows(_ rng: inout SplitMix64, count: Int, services: [ScanAgreementService], asOf: Instant,
                     calendar cal: KazakhCalendar, ordered: Bool) -> [ScanAgreementRow] {
        let hard = hardDays(cal)
        let first = LocalDate(text: "2016-01-04"), last = LocalDate(text: "2026-08-31")
        let asOfDay = Int64(asOf.secondsSinceEpoch).floorDiv(86_400)
        var out: [ScanAgreementRow] = []
        out.reserveCapacity(count)
        for k in 0..<count {
            let s = Int.random(in: 0..<services.count, using: &rng)
            let svc = services[s]
            // The submission's local day.
            let day: Int64
            switch Double.random(in: 0..<1, using: &rng) {
            case ..<0.45: day = asOfDay + Int64.random(in: -45...3, using: &rng)
            case ..<0.75: day = Int64(hard[Int.random(in: 0..<hard.count, using: &rng)].dayNumber)
            default: day = Int64.random(in: Int64(first.dayNumber)...Int64(last.dayNumber), using: &rng)
            }
            let close = closeMinutes(svc.close)
            let minute: Int64
            switch Double.random(in: 0..<1, using: &rng) {
            case ..<0.40: minute = Int64.random(in: 540..<max(541, Int64(close)), using: &rng)      // office hours
            case ..<0.60: minute = Int64(close) + Int64.random(in: -2...1, using: &rng)             // at closing time
            case ..<0.70: minute = [0, 1, 1438, 1439][Int.random(in: 0..<4, using: &rng)]           // around midnight
            default: minute = Int64.random(in: 0..<1440, using: &rng)
            }
            let localSeconds = day * 86_400 + min(max(minute, 0), 1439) * 60 + Int64.random(in: 0..<60, using: &rng)
            let guess = offsetGuess(svc.zone, localSeconds)
            var submitted = localSeconds - Int64(guess)
            if rng.chance(0.03) { submitted = asOf.secondsSinceEpoch + Int64.random(in: 1...3600, using: &rng) } // just after asOf

            let channel = Channel.allCases[Int.random(in: 0..<3, using: &rng)]
            let result = FlatRecords.Result.allCases[Int.random(in: 0..<4, using: &rng)]
            var registered: Int64? = nil
            if rng.chance(channel == .electronic ? 0.6 : 0.85) {
                registered = event(after: submitted, &rng, asOf: asOf, maxDays: 6, ordered: ordered)
            }
            var decided: Int64? = nil
            if result != .pending {
                decided = event(after: submitted, &rng, asOf: asOf, maxDays: 45, ordered: ordered)
                if let r = registered, rng.chance(0.03) { decided = r }   // decided at the registration instant
            }
            let flat = FlatRecords.Row(channel: channel, submitted: submitted, registered: registered, decided: decided, result: result,
                                       reasonsGiven: rng.chance(0.5), hearingHeld: rng.chance(0.5))
            let offs = [0, 18_000, 21_600, guess]
            out.append(ScanAgreementRow(id: String(format: "A%05d", k), service: s, flat: flat,
                                        offsets: (offs[Int.random(in: 0..<4, using: &rng)], offs[Int.random(in: 0..<4, using: &rng)],
                                                  offs[Int.random(in: 0..<4, using: &rng)])))
        }
        return out
    }

    /// A later event: the same day, a few days later at any hour, exactly at asOf, or just after it. With
    /// `ordered == false`, often before the submission.
    static func event(after t: Int64, _ rng: inout SplitMix64, asOf: Instant, maxDays: Int, ordered: Bool) -> Int64 {
        if !ordered && rng.chance(0.5) { return t - Int64.random(in: 1...(20 * 86_400), using: &rng) }
        switch Double.random(in: 0..<1, using: &rng) {
        case ..<0.05: return max(t, asOf.secondsSinceEpoch)
        case ..<0.08: return max(t, asOf.secondsSinceEpoch + 1)
        case ..<0.35: return t + Int64.random(in: 0...(6 * 3600), using: &rng)
        default: return t + Int64.random(in: 0...(Int64(maxDays) * 86_400), using: &rng)
        }
    }

    static func closeMinutes(_ hhmm: String) -> Int { TimeOfDay(hhmm)!.minutes }

    /// A plausible UTC offset for a local time (the exact one does not matter: both sides get the same instant).
    static func offsetGuess(_ zone: String, _ localSeconds: Int64) -> Int {
        switch zone {
        case "UTC": return 0
        case "Asia/Almaty", "Asia/Qostanay": return localSeconds < 1_709_251_200 ? 21_600 : 18_000   // 2024-03-01 local
        case "Asia/Qyzylorda": return localSeconds < 1_545_350_400 ? 21_600 : 18_000                  // 2018-12-21 local
        default: return 18_000
        }
    }
}

// MARK: - The two sides

enum ScanAgreementHarness {
    struct Item: Hashable, CustomStringConvertible {
        var code: String
        var due: LocalDate?
        var actual: LocalDate?
        var late: Int?
        var description: String { "\(code)(due \(due.map(\.description) ?? "-"), actual \(actual.map(\.description) ?? "-"), late \(late.map(String.init) ?? "-"))" }
    }

    /// The services as `rasim scan` reads them: a services CSV through `ScanCSV.services`.
    static func flatServices(_ services: [ScanAgreementService], asOf: Instant, calendar: KazakhCalendar) throws -> [FlatRecords.Service] {
        var csv = ScanCSV.servicesHeader + "\n"
        for s in services {
            csv += "\(s.id),\(s.term),\(s.refusalTerm.map(String.init) ?? ""),\(s.hearingRequired),\(s.zone),09:00,\(s.close)\n"
        }
        let parsed = try Array(csv.utf8).withUnsafeBytes { b in try ScanCSV.services(b, file: "services.csv", asOf: asOf, calendar: calendar) }
        #expect(parsed.map(\.id) == services.map(\.id))
        return parsed.map(\.service)
    }

    /// The row as a `rasim check` document's application (FlatRecords' doc comment):
    /// submitted · registered? · hearing_held(decided)? · result_issued | refused(ground, reasons) at decided.
    static func applicationJSON(_ r: ScanAgreementRow, services: [ScanAgreementService]) -> String {
        let f = r.flat
        func at(_ t: Int64, _ off: Int) -> String { "\"" + Instant(secondsSinceEpoch: t).iso(offsetSeconds: off) + "\"" }
        var events = ["{\"type\": \"submitted\", \"at\": \(at(f.submitted, r.offsets.0))}"]
        if let reg = f.registered { events.append("{\"type\": \"registered\", \"at\": \(at(reg, r.offsets.1))}") }
        if let dec = f.decided {
            if f.hearingHeld { events.append("{\"type\": \"hearing_held\", \"at\": \(at(dec, r.offsets.2))}") }
            let reasons = f.reasonsGiven ? "[\"the applicant is not eligible under the service's rules\"]" : "[]"
            switch f.result {
            case .issued, .pending: events.append("{\"type\": \"result_issued\", \"at\": \(at(dec, r.offsets.2))}")
            case .refused: events.append("{\"type\": \"refused\", \"at\": \(at(dec, r.offsets.2)), \"ground\": \"merits\", \"reasons\": \(reasons)}")
            case .refusedIncomplete:
                events.append("{\"type\": \"refused\", \"at\": \(at(dec, r.offsets.2)), \"ground\": \"incomplete_package\", \"reasons\": \(reasons)}")
            }
        }
        return "{\"id\": \"\(r.id)\", \"service\": \"\(services[r.service].id)\", \"channel\": \"\(f.channel.rawValue)\", \"events\": [\(events.joined(separator: ", "))]}"
    }

    static func serviceJSON(_ s: ScanAgreementService) -> String {
        var parts = ["\"id\": \"\(s.id)\"", "\"term\": {\"workingDays\": \(s.term)}"]
        if let rt = s.refusalTerm { parts.append("\"refusalTerm\": {\"workingDays\": \(rt)}") }
        parts.append("\"hearingRequired\": \(s.hearingRequired)")
        parts.append("\"schedule\": {\"timeZone\": \"\(s.zone)\", \"open\": \"09:00\", \"close\": \"\(s.close)\"}")
        return "{" + parts.joined(separator: ", ") + "}"
    }

    static func flatItems(_ o: FlatRecords.Outcome) -> Set<Item> {
        var out: Set<Item> = []
        if let l = o.lateRegistration { out.insert(Item(code: "late_registration", due: l.due, actual: l.actual, late: l.late)) }
        if let l = o.termBreach { out.insert(Item(code: "term_breach", due: l.due, actual: l.actual, late: l.late)) }
        if let l = o.refusalTermBreach { out.insert(Item(code: "refusal_term_breach", due: l.due, actual: l.actual, late: l.late)) }
        if o.refusalWithoutReasons { out.insert(Item(code: "refusal_without_reasons")) }
        if o.refusalWithoutHearing { out.insert(Item(code: "refusal_without_hearing")) }
        return out
    }

    /// Judges every row both ways; one line per row that differs.
    static func compare(rows: [ScanAgreementRow], services: [ScanAgreementService], asOf: Instant,
                        calendar cal: KazakhCalendar) throws -> [String] {
        let flatServices = try flatServices(services, asOf: asOf, calendar: cal)
        let doc = "{\"asOf\": \"\(asOf.iso(offsetSeconds: 18_000))\", \"services\": [\(services.map(serviceJSON).joined(separator: ", "))], "
            + "\"applications\": [\(rows.map { applicationJSON($0, services: services) }.joined(separator: ",\n"))]}"
        let findings: [Finding]
        let checked: Result<[Finding], CheckRunner.Failure> = Array(doc.utf8).withUnsafeBytes { b in
            Result { () throws(CheckRunner.Failure) in try CheckRunner.findings(bytes: b, calendar: cal) }
        }
        switch checked {
        case .success(let f): findings = f
        case .failure(let error):
            Issue.record("rasim check refused the document: \(error.code) at \(error.path): \(error.message)")
            return ["the check document was refused"]
        }
        var fromCheck: [String: Set<Item>] = [:]
        var duplicates: [String] = []
        for f in findings where ScanAgreementTests.codes.contains(f.code) {
            let item = Item(code: f.code, due: f.due, actual: f.actual, late: f.lateWorkingDays)
            if !fromCheck[f.subject, default: []].insert(item).inserted { duplicates.append("\(f.subject): \(item) twice") }
        }
        var mismatches = duplicates
        for r in rows {
            // `rasim scan` counts with `FlatRecords.codes` (plain numbers) and writes findings with `judge`.
            let fast = fastCodes(r.flat, flatServices[r.service], asOf: asOf, calendar: cal)
            let outcome: FlatRecords.Outcome
            do { outcome = try FlatRecords.judge(r.flat, flatServices[r.service], asOf: asOf.secondsSinceEpoch, calendar: cal) } catch {
                mismatches.append("\(r.id): FlatRecords.judge failed (\(error.field.rawValue): \(error.error.description)), check did not")
                if fast != nil { mismatches.append("\(r.id): FlatRecords.codes answered where judge throws") }
                continue
            }
            if fast != FlatRecords.CodeSet(outcome) {
                mismatches.append("\(csvLine(r, services)) — FlatRecords.codes \(fast.map { String($0.rawValue, radix: 2) } ?? "nil") "
                                  + "≠ judge \(String(FlatRecords.CodeSet(outcome).rawValue, radix: 2))")
            }
            let flat = flatItems(outcome), check = fromCheck[r.id] ?? []
            if flat != check {
                mismatches.append("\(csvLine(r, services)) — scan: \(flat.sorted { $0.code < $1.code }) check: \(check.sorted { $0.code < $1.code })")
            }
        }
        return mismatches
    }

    /// `FlatRecords.codes` for a row (nil: it defers to `judge`).
    static func fastCodes(_ row: FlatRecords.Row, _ s: FlatRecords.Service, asOf: Instant, calendar cal: KazakhCalendar) -> FlatRecords.CodeSet? {
        guard let compact = FlatRecords.CompactService(s) else { return nil }
        return cal.withWorkingDayTables { FlatRecords.codes(row, compact, asOf: asOf.secondsSinceEpoch, days: $0) }
    }

    /// The row as a line of the applications CSV (for messages).
    static func csvLine(_ r: ScanAgreementRow, _ services: [ScanAgreementService]) -> String {
        let f = r.flat
        func at(_ t: Int64?, _ off: Int) -> String { t.map { Instant(secondsSinceEpoch: $0).iso(offsetSeconds: off) } ?? "" }
        let s = services[r.service]
        return "\(r.id),\(s.id),P1,\(f.channel.rawValue),\(at(f.submitted, r.offsets.0)),\(at(f.registered, r.offsets.1)),"
            + "\(at(f.decided, r.offsets.2)),\(f.result.name),\(f.reasonsGiven),\(f.hearingHeld)"
            + " [service term \(s.term), refusal \(s.refusalTerm.map(String.init) ?? "-"), hearing \(s.hearingRequired), \(s.zone), close \(s.close)]"
    }
}

private extension LocalDate {
    init(text: String) { self = LocalDate(text)! }
}

private extension Int64 {
    func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : (self - d + 1) / d }
}
