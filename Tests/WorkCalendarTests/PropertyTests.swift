import LegalCore
import TestSupport
import Testing
import WorkCalendar

/// Reference implementations that walk the calendar one day at a time with `isWorkingDay` only.
struct Walker {
    let cal: KazakhCalendar

    /// The n-th working day after `d` (n ≥ 1), or for n = 0 the first working day on or after `d`;
    /// nil when the walk leaves the covered years first.
    func add(_ d: LocalDate, _ n: Int) throws -> LocalDate? {
        var cur = d
        if n == 0 {
            while true {
                if try cal.isWorkingDay(cur) { return cur }
                cur = cur.adding(days: 1)
                if cur > coverageLast { return nil }
            }
        }
        var left = n
        while left > 0 {
            cur = cur.adding(days: 1)
            if cur > coverageLast { return nil }
            if try cal.isWorkingDay(cur) { left -= 1 }
        }
        return cur
    }

    /// The number of working days w with a < w ≤ b; minus the count with b < w ≤ a when b < a.
    func between(_ a: LocalDate, _ b: LocalDate) throws -> Int {
        if b < a { return -(try between(b, a)) }
        var count = 0
        var cur = a
        while cur < b {
            cur = cur.adding(days: 1)
            if try cal.isWorkingDay(cur) { count += 1 }
        }
        return count
    }
}

@Suite("Properties of addWorkingDays and workingDaysBetween over seeded random dates")
struct PropertyTests {
    @Test("between(d, add(d, n)) == n for n ≥ 1, the result is a working day, and results past coverage throw")
    func addThenBetween() throws {
        let cal = try loadCalendar()
        var rng = SplitMix64(seed: 0x5241_5349_4D01)
        var checked = 0, beyond = 0
        for _ in 0..<4000 {
            let d = rng.date(), n = Int.random(in: 0...250, using: &rng)
            let r: LocalDate
            do { r = try cal.addWorkingDays(d, n) } catch {
                guard case .notCovered = error else { Issue.record("\(d) + \(n): \(error)"); continue }
                // Must really be past coverage: fewer than n working days remain after d.
                let remaining = try cal.workingDaysBetween(d, coverageLast)
                #expect(try n == 0 ? remaining == 0 && !cal.isWorkingDay(d) : remaining < n, "\(d) + \(n) threw but \(remaining) remain")
                beyond += 1
                continue
            }
            checked += 1
            #expect(r >= d)
            #expect(try cal.isWorkingDay(r), "\(d) + \(n) = \(r) is not a working day")
            if n >= 1 {
                #expect(r > d)
                #expect(try cal.workingDaysBetween(d, r) == n, "\(d) + \(n) = \(r)")
                #expect(try cal.workingDaysBetween(d, r.adding(days: -1)) == n - 1, "\(r) is not the first such day")
            } else if try cal.isWorkingDay(d) {
                #expect(r == d)
            } else {
                #expect(r == (try cal.addWorkingDays(d, 1)))
                #expect(try cal.workingDaysBetween(d, r.adding(days: -1)) == 0, "a working day lies between \(d) and \(r)")
            }
        }
        #expect(checked > 3500)
        #expect(beyond >= 0)
    }

    @Test("the end of coverage: every d in the last year with a large n throws notCovered")
    func nearTheEnd() throws {
        let cal = try loadCalendar()
        var rng = SplitMix64(seed: 77)
        var threw = 0
        for _ in 0..<500 {
            let d = rng.date(in: coverageLast.adding(days: -213)...coverageLast), n = Int.random(in: 0...250, using: &rng)
            let remaining = try cal.workingDaysBetween(d, coverageLast)
            let mustThrow = try n == 0 ? (remaining == 0 && !cal.isWorkingDay(d)) : remaining < n
            do {
                let r = try cal.addWorkingDays(d, n)
                #expect(!mustThrow, "\(d) + \(n) = \(r), past coverage")
                #expect(r <= coverageLast)
            } catch {
                #expect(mustThrow, "\(d) + \(n): \(error)")
                #expect(isNotCovered(error))
                threw += 1
            }
        }
        #expect(threw > 100) // the sample does reach past the end
    }

    @Test("monotonic: add is non-decreasing in n and in d, strictly increasing in n ≥ 1")
    func monotonic() throws {
        let cal = try loadCalendar()
        var rng = SplitMix64(seed: 2024)
        for _ in 0..<300 {
            let d = rng.date(in: coverageFirst...day("2025-12-31"))
            var prev = try cal.addWorkingDays(d, 0)
            for n in 1...120 {
                let r = try cal.addWorkingDays(d, n)
                #expect(r >= prev, "\(d): add \(n) = \(r) < add \(n - 1) = \(prev)")
                if n >= 2 { #expect(r > prev, "\(d): add \(n) = \(r) not after add \(n - 1)") }
                prev = r
            }
        }
        for _ in 0..<2000 {
            let a = rng.date(in: coverageFirst...day("2025-12-31")), b = rng.date(in: coverageFirst...day("2025-12-31"))
            let (lo, hi) = a <= b ? (a, b) : (b, a)
            let n = Int.random(in: 0...200, using: &rng)
            #expect(try cal.addWorkingDays(lo, n) <= cal.addWorkingDays(hi, n), "\(lo), \(hi), n = \(n)")
            // Consecutive dates too: the sharpest case.
            #expect(try cal.addWorkingDays(lo, n) <= cal.addWorkingDays(lo.adding(days: 1), n))
        }
    }

    @Test("between is antisymmetric and additive; between(d, d) == 0")
    func betweenAlgebra() throws {
        let cal = try loadCalendar()
        var rng = SplitMix64(seed: 0xC0FFEE)
        for _ in 0..<4000 {
            let a = rng.date(), b = rng.date(), c = rng.date()
            let ab = try cal.workingDaysBetween(a, b), ba = try cal.workingDaysBetween(b, a)
            #expect(ab == -ba, "\(a), \(b)")
            #expect(try ab + cal.workingDaysBetween(b, c) == cal.workingDaysBetween(a, c), "\(a), \(b), \(c)")
            #expect(try cal.workingDaysBetween(a, a) == 0)
            #expect((ab > 0) == (a < b && ab != 0))
        }
    }

    @Test("a brute-force walk with isWorkingDay agrees with add and between")
    func bruteForce() throws {
        let cal = try loadCalendar()
        let walk = Walker(cal: cal)
        var rng = SplitMix64(seed: 4242)
        for _ in 0..<2500 {
            let d = rng.date(), n = Int.random(in: 0...250, using: &rng)
            let expected = try walk.add(d, n)
            do {
                let r = try cal.addWorkingDays(d, n)
                #expect(r == expected, "\(d) + \(n)")
            } catch {
                #expect(expected == nil, "\(d) + \(n) threw \(error), the walk found \(expected?.description ?? "nil")")
                #expect(isNotCovered(error))
            }
        }
        for _ in 0..<2500 {
            let a = rng.date()
            let b = a.adding(days: Int.random(in: -400...400, using: &rng))
            guard b >= coverageFirst, b <= coverageLast else { continue }
            #expect(try cal.workingDaysBetween(a, b) == walk.between(a, b), "\(a) → \(b)")
        }
    }

    @Test("the whole coverage counts the same as the hand-written table")
    func wholeCoverage() throws {
        let cal = try loadCalendar()
        var expected = 0
        var d = coverageFirst.adding(days: 1)
        while d <= coverageLast { if expectedWorking(d) { expected += 1 }; d = d.adding(days: 1) }
        #expect(try cal.workingDaysBetween(coverageFirst, coverageLast) == expected)
    }
}
