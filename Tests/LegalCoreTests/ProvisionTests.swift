import LegalCore
import Testing

/// Issue 13: dated provisions — a paragraph on a date is the wording held, a wording not held, an open question
/// or not in force, never a guess; every wording lies inside its act's validity.
@Suite("Dated provisions and repeal status")
struct ProvisionTests {
    func d(_ s: String) -> LocalDate { LocalDate(s)! }

    @Test("every implemented act's registry holds together (built and checked at load)")
    func registriesLoad() throws {
        for act in Acts.implemented {
            let r = try #require(Acts.provisions(act.id), "\(act.id)")
            for p in r.provisions.values {
                for w in p.wordings {
                    #expect(w.validity.from >= act.validity.from, "\(p.citation) from \(w.validity.from)")
                    if let end = act.validity.until { #expect((w.validity.until ?? end) <= end, "\(p.citation) until \(String(describing: w.validity.until))") }
                }
            }
        }
        #expect(Acts.provisions(.prosecAdm2015)?.provisions.count == 14)
        #expect(Acts.provisions(.modelReg2008)?.provisions.keys.contains("§31") == true, "Decree 1195 of 31 Dec 2015 reworded §31")
    }

    @Test("PROSEC-ADM-2015 §6 (reworded by Order No. 20 of 2016) and §13 (never reworded), date by date")
    func prosec() throws {
        let r = try #require(Acts.provisions(.prosecAdm2015))
        guard case .notHeld(let w) = r.on("§6", d("2015-06-01")) else { Issue.record("2015 wording: \(r.on("§6", d("2015-06-01")))"); return }
        #expect(w.citation.description.contains("Order No. 40"))
        guard case .uncertain = r.on("§6", d("2016-03-01")) else { Issue.record("Order 20's window"); return }
        guard case .held(let h) = r.on("§6", d("2016-05-01")) else { Issue.record("2016 wording"); return }
        #expect(h.citation.description.contains("Order No. 20 of 29.01.2016"))
        guard case .uncertain = r.on("§6", d("2018-06-01")) else { Issue.record("repeal window"); return }
        #expect(r.on("§6", d("2018-08-01")) == .notInForce)
        #expect(r.on("§6", d("2015-01-01")) == .notInForce)
        guard case .held = r.on("§13", d("2015-06-01")) else { Issue.record("§13 unamended"); return }
        guard case .uncertain = r.on("§13", d("2018-06-01")) else { Issue.record("§13 in the repeal window"); return }
    }

    @Test("MODEL-REG-2008: a paragraph added in 2015 (§29-3) and one reworded by Decree 1195 (§31)")
    func modelReg() throws {
        let r = try #require(Acts.provisions(.modelReg2008))
        #expect(r.on("§29-3", d("2015-01-10")) == .notInForce)
        guard case .uncertain = r.on("§29-3", d("2015-05-10")) else { Issue.record("§29-3 window"); return }
        guard case .held = r.on("§29-3", d("2015-08-10")) else { Issue.record("§29-3 held"); return }
        guard case .notHeld = r.on("§31", d("2015-12-01")) else { Issue.record("§31 before 1195"); return }
        guard case .uncertain = r.on("§31", d("2016-02-01")) else { Issue.record("§31 1195 window"); return }
        guard case .held = r.on("§31", d("2016-06-01")) else { Issue.record("§31 held"); return }
    }

    @Test("a wording outside its act's validity, or two wordings overlapping, is refused when the registry is built")
    func refused() throws {
        let act = try #require(Acts.find(.prosecAdm2015))
        let outside = Provision(act: .prosecAdm2015, place: "§6", wordings: [
            .init(validity: Validity(from: d("2014-01-01"), until: d("2016-01-01")), citation: Citation(.prosecAdm2015, "§6"), held: true)])
        #expect(throws: LegalError.self) { try ProvisionRegistry(act: act, [outside]) }
        let overlapping = Provision(act: .prosecAdm2015, place: "§6", wordings: [
            .init(validity: Validity(from: d("2015-05-01"), until: d("2016-06-01")), citation: Citation(.prosecAdm2015, "§6"), held: false),
            .init(validity: Validity(from: d("2016-01-01"), until: d("2017-01-01")), citation: Citation(.prosecAdm2015, "§6"), held: true)])
        #expect(throws: LegalError.self) { try ProvisionRegistry(act: act, [overlapping]) }
        let fine = Provision(act: .prosecAdm2015, place: "§6", wordings: [
            .init(validity: Validity(from: d("2015-05-01"), until: d("2016-01-01")), citation: Citation(.prosecAdm2015, "§6"), held: true)])
        #expect(throws: Never.self) { try ProvisionRegistry(act: act, [fine]) }
    }

    @Test("a repeal whose day of effect the seed does not give is said to be uncertain, never a certain date")
    func repeal() throws {
        #expect(try #require(Acts.find(.prosecAdm2015)).repeal == .repealedUncertain(earliest: d("2018-05-13"), assumedBy: d("2018-07-01"),
                                                                                   note: try #require(Acts.find(.prosecAdm2015)).validity.uncertain[0].note))
        #expect(try #require(Acts.find(.prosecAdm2015)).repeal.description == "repealed, effective date uncertain from 2018-05-13 (assumed by 2018-07-01)")
        guard case .repealedUncertain(let e, _, _) = try #require(Acts.find(.modelReg2008)).repeal else { Issue.record("MODEL-REG-2008"); return }
        #expect(e == d("2019-03-14"))
        #expect(try #require(Acts.find(.psRisk2023)).repeal == .notRepealed)
        #expect(try #require(Acts.find("LABOUR-CODE-2007")).repeal == .repealed(on: d("2016-01-01")))
    }
}
