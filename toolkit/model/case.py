"""The case file of one citizen in a ressourceforløb (or jobafklaringsforløb).

The model is the single source of truth for every later stage: documents, network and
rules read it and never the YAML. Python names are ASCII; each Danish key is an alias,
so the file reads as a caseworker writes it (``aktører``, ``hændelser``, ``mål``).
Every optional section may be left out: a case early in its life has little in it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator
from pydantic_core import PydanticCustomError

from toolkit.model.types import (
    AktoerId,
    AktoerRef,
    AsWritten,
    Cpr,
    Dato,
    JaNej,
    Klokkeslaet,
    SagId,
    Varighed,
    months_in,
)

SCHEMA_VERSION = 3
"""Format 3 (this release) says of every actor whether it is a professional or a private person:
the sector ``privat`` of format 2 (a private company or a private person) is split into
``virksomhed`` and ``privatperson``. Format 2 added ``kategori`` on every effort.
``forloeb migrér`` upgrades formats 1 and 2."""

Tekst = Annotated[str, AsWritten]
"""Free text; a number typed in it keeps its digits as typed (``1.50``, ``0045``)."""
Forloebstype = Literal["ressourceforløb", "jobafklaringsforløb"]
Sektor = Literal["beskæftigelse", "social", "sundhed", "uddannelse", "virksomhed", "civilsamfund", "familie",
                 "privatperson"]
Kontakt = Literal["dagligt", "ugentlig", "hver 14. dag", "månedlig", "sjældent", "ingen"]
Valens = Literal["positiv", "neutral", "negativ"]
Haendelsestype = Literal["klage", "ros", "uenighed", "sideaftale", "fremskridt"]
Indsatstype = Literal["beskæftigelse", "uddannelse", "social", "sundhed"]
Indsatskategori = Literal[
    "virksomhedspraktik", "mentor", "samtaler", "virksomhedskonsulent", "bostøtte", "misbrugsbehandling",
    "alkoholbehandling", "psykologisk behandling", "psykiatrisk behandling", "lægelig behandling",
    "sundhedstilbud", "arbejdsevneafklaring", "uddannelse", "civilsamfund", "andet",
]
Regelsaet = Annotated[Literal["2013", "2022", "2026"], AsWritten]
Indsatsstatus = Literal["planlagt", "i gang", "afsluttet", "afbrudt", "sat i bero"]
Delmaalsstatus = Literal["ikke påbegyndt", "i gang", "nået", "ikke nået", "opgivet"]
Samtaleform = Literal["fremmøde", "telefon", "video", "hjemmebesøg", "virksomhedsbesøg", "netværksmøde"]
Samtalestatus = Literal["afholdt", "planlagt", "aflyst", "udeblevet"]
COMPANY_BASED = frozenset({"virksomhedspraktik"})
"""Effort kinds that take place in a company (virksomhedsrettet indsats, LAB kapitel 11)."""
PROFESSIONAL_SECTORS = frozenset({"beskæftigelse", "social", "sundhed", "uddannelse", "virksomhed"})
"""Actors here act in their job (an employer or work-trial contact too): they keep name and role."""
PRIVATE_SECTORS = frozenset({"familie", "privatperson"})
"""Actors here are private persons (relatives, friends, neighbours): pseudonymised material hides them."""
OPEN_SECTORS = frozenset({"civilsamfund"})
"""Here both occur (a volunteer, a paid consultant in an association): ``fagperson`` decides, default no."""
EMPLOYER_SECTORS = frozenset({"virksomhed"})
"""Professionals who are not part of the helper system: an employer is invited to supervision only when asked."""

Indstilling = Literal[
    "ressourceforløb", "jobafklaringsforløb", "fleksjob", "førtidspension",
    "ordinær beskæftigelse", "uddannelse", "andet",
]


class Model(BaseModel):
    """Strict base: unknown keys are errors, so a typo never vanishes silently.

    Docstrings of the models below are for developers; the schema's descriptions come from
    the Danish field descriptions.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        populate_by_name=False,
        coerce_numbers_to_str=True,
        str_strip_whitespace=True,
        allow_inf_nan=False,
    )


def _d(description: str, **kwargs):
    return Field(description=description, **kwargs)


class Fritagelse(Model):
    fra: Dato = _d("Første dag borgeren var fritaget.")
    til: Dato = _d("Sidste dag borgeren var fritaget.")
    begrundelse: Tekst | None = _d("Fx 'indlagt' eller 'barsel'.", default=None)

    @model_validator(mode="after")
    def _ordered(self) -> Fritagelse:
        _check_order(self.fra, self.til, "til", "fra")
        return self


class Indsatsgaranti(Model):
    saerlige_grunde: Tekst | None = _d("Særlige grunde til, at sagen ikke forelægges, selvom ingen indsats er "
                                       "startet inden for 6 måneder.", default=None, alias="særlige_grunde")
    fritagelser: list[Fritagelse] = _d("Perioder hvor borgeren var fritaget; fristen forlænges med dem.",
                                       default_factory=list)


class Sag(Model):
    id: SagId = _d("Sagens id; bliver navnet på mappen med sagens dokumenter.")
    kommune: Tekst = _d("Kommunen, fx 'Aarhus Kommune'.")
    jobcenter: Tekst | None = _d("Jobcentret, fx 'Jobcenter Aarhus'.", default=None)
    forloeb: Forloebstype = _d("Forløbets art.", default="ressourceforløb", alias="forløb")
    bevilget: Dato | None = _d("Dato for kommunens afgørelse om forløbet.", default=None)
    varighed: Varighed | None = _d("Bevilget varighed, fx '3 år' eller '18 måneder'.", default=None)
    koordinerende_sagsbehandler: AktoerRef | None = _d(
        "Id for den koordinerende sagsbehandler blandt aktørerne.", default=None)
    forloebsnummer: int = _d("Hvilket forløb i rækken dette er for borgeren (1 = det første).", default=1, ge=1,
                             le=99, alias="forløbsnummer")
    regelsaet: Regelsaet | None = _d("Regelsæt der gælder for forløbet; standard: valgt efter bevillingsdatoen.",
                                     default=None, alias="regelsæt")
    indsatsplan_udarbejdet: Dato | None = _d("Dato hvor indsatsplanen blev lavet med borgeren.", default=None)
    indsatsplan_opdateret: Dato | None = _d("Dato hvor indsatsplanen senest blev opdateret efter en ændring af "
                                            "indsatserne.", default=None)
    paabegyndt: Dato | None = _d("Dato hvor forløbet begyndte, hvis det er senere end bevillingen; "
                                 "indsatsgarantien regnes herfra.", default=None, alias="påbegyndt")
    borgerens_oenske: JaNej | None = _d("Om borgeren selv ønsker forløbet (aldersreglerne for gentagne forløb "
                                        "og forløb tæt på folkepensionsalderen).", default=None,
                                        alias="borgerens_ønske")
    tidligere_forloeb_maaneder: int | None = _d("Samlet antal måneder i borgerens tidligere ressourceforløb.",
                                                default=None, ge=0, le=600, alias="tidligere_forløb_måneder")
    indsatsgaranti: Indsatsgaranti | None = _d("Særlige grunde og fritagelsesperioder for indsatsgarantien.",
                                               default=None)
    journalnummer: Tekst | None = _d("Kommunens journalnummer for sagen; står i brevhovedet med betegnelsen fra "
                                     "kommunens indstillinger (fx 'J.nr.').", default=None)

    @property
    def varighed_maaneder(self) -> int | None:
        return months_in(self.varighed) if self.varighed else None

    @property
    def slutdato(self) -> date | None:
        """The last day of the granted period (inclusive), when grant date and duration are known."""
        if self.bevilget is None or self.varighed_maaneder is None:
            return None
        return add_months(self.bevilget, self.varighed_maaneder) - timedelta(days=1)


def add_months(start: date, months: int) -> date:
    """``start`` moved ``months`` calendar months on, clamped to the month's last day."""
    import calendar

    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


class Borger(Model):
    navn: Tekst = _d("Borgerens fulde navn.")
    cpr: Cpr | None = _d("CPR-nummer (DDMMÅÅ-XXXX). Følsom oplysning; udelades i supervisionsmateriale.",
                         default=None)
    foedselsdato: Dato | None = _d("Fødselsdato.", default=None, alias="fødselsdato")
    alder: int | None = _d("Alder, hvis fødselsdato ikke er oplyst.", default=None, ge=15, le=80)
    adresse: Tekst | None = _d("Postadresse.", default=None)
    telefon: Tekst | None = _d("Telefonnummer.", default=None)
    email: Tekst | None = _d("E-mailadresse.", default=None)


class Uddannelse(Model):
    betegnelse: Tekst = _d("Uddannelsens navn, fx '9. klasse' eller 'Grundforløb, tømrer'.")
    sted: Tekst | None = _d("Skole eller institution.", default=None)
    periode: Tekst | None = _d("Fx '2004-2006'.", default=None)
    afsluttet: JaNej | None = _d("Om uddannelsen blev gennemført.", default=None)


class Beskaeftigelse(Model):
    stilling: Tekst = _d("Job eller funktion.")
    arbejdsgiver: Tekst | None = _d("Arbejdsgiver.", default=None)
    periode: Tekst | None = _d("Fx '2010 (3 måneder)'.", default=None)
    note: Tekst | None = _d("Hvorfor det sluttede, timetal o.l.", default=None)


class Dokumentation(Model):
    betegnelse: Tekst = _d("Fx 'Rehabiliteringsattest (LÆ 265)' eller 'Psykologisk vurdering'.")
    dato: Dato | None = _d("Dato for dokumentet.", default=None)
    kilde: Tekst | None = _d("Hvem har udarbejdet det.", default=None)
    indhold: Tekst | None = _d("Dokumentets indhold i korte træk, fx lægens egen vurdering i rehabiliteringsattesten "
                               "(LÆ 265) af helbred, behandling, prognose og skånehensyn. Står i "
                               "rehabiliteringsplanen under 'Lægens vurdering'.", default=None)


class Helbred(Model):
    situation: Tekst | None = _d("Nuværende helbredssituation.", default=None)
    diagnoser: list[Tekst] = _d("Diagnoser.", default_factory=list)
    behandling: Tekst | None = _d("Igangværende undersøgelser og behandling.", default=None)
    betydning_for_arbejde: Tekst | None = _d("Hvordan helbredet påvirker arbejdsevnen.", default=None)
    dokumentation: list[Dokumentation] = _d("Helbredsdokumentation i sagen.", default_factory=list)


class TidligereIndsats(Model):
    indsats: Tekst = _d("Hvad indsatsen var.")
    type: Indsatstype | None = _d("Beskæftigelse, uddannelse, social eller sundhed.", default=None)
    periode: Tekst | None = _d("Hvornår.", default=None)
    resultat: Tekst | None = _d("Hvad indsatsen førte til.", default=None)


class Forsoergelse(Model):
    ydelse: Tekst = _d("Fx 'kontanthjælp', 'sygedagpenge', 'ressourceforløbsydelse'.")
    fra: Dato | None = _d("Periodens start.", default=None)
    til: Dato | None = _d("Periodens slut; tom hvis ydelsen stadig modtages.", default=None)
    note: Tekst | None = _d("Bemærkning.", default=None)

    @model_validator(mode="after")
    def _ordered(self) -> Forsoergelse:
        _check_order(self.fra, self.til, "til", "fra")
        return self


def _check_order(start: date | None, end: date | None, end_name: str, start_name: str) -> None:
    if start and end and end < start:
        raise PydanticCustomError(
            "periode_omvendt", "'{end_name}' ({end}) ligger før '{start_name}' ({start})",
            {"end_name": end_name, "end": end.isoformat(), "start_name": start_name, "start": start.isoformat()})


class ForberedendeDel(Model):
    egne_maal: Tekst | None = _d(
        "Borgerens egne mål og ønsker for uddannelse og beskæftigelse, med borgerens egne ord.",
        default=None, alias="egne_mål")
    uddannelse: list[Uddannelse] = _d("Uddannelsesforløb.", default_factory=list)
    beskaeftigelse: list[Beskaeftigelse] = _d("Arbejdserfaring (CV).", default_factory=list,
                                              alias="beskæftigelse")
    kvalifikationer: Tekst | None = _d("Faglige kvalifikationer og kompetencer.", default=None)
    interesser: Tekst | None = _d("Interesser og fritid.", default=None)
    netvaerk: Tekst | None = _d("Familie og netværk.", default=None, alias="netværk")
    sociale_forhold: Tekst | None = _d("Bolig, økonomi og øvrige sociale forhold.", default=None)
    udfordringer: Tekst | None = _d("Beskæftigelsesmæssige og sociale udfordringer.", default=None)
    helbred: Helbred = _d("Helbred.", default_factory=Helbred)
    tidligere_indsatser: list[TidligereIndsats] = _d("Tidligere indsatser og deres resultater.",
                                                     default_factory=list)
    forsoergelse: list[Forsoergelse] = _d("Forsørgelseshistorik.", default_factory=list, alias="forsørgelse")


class Teamdeltager(Model):
    funktion: Tekst = _d("Fx 'Jobcentret (mødeleder)' eller 'Sundhedskoordinator, Region Midtjylland'.")
    navn: Tekst | None = _d("Navn.", default=None)


class FornyetVurdering(Model):
    dato: Dato | None = _d("Dato for teamets fornyede behandling.", default=None)
    vurdering: Tekst = _d("Teamets fornyede vurdering og indstilling.")


class Afgoerelse(Model):
    dato: Dato | None = _d("Afgørelsens dato.", default=None)
    fulgt: JaNej = _d("Om kommunen fulgte teamets indstilling.")
    begrundelse: Tekst | None = _d("Begrundelse, især hvis indstillingen ikke blev fulgt.", default=None)
    fornyet_vurdering: FornyetVurdering | None = _d(
        "Rehabiliteringsteamets fornyede vurdering, når kommunen ikke fulgte indstillingen og sagen blev forelagt "
        "teamet igen.", default=None)
    ny_forelaeggelse: Dato | None = _d("Dato for teamets nye behandling, når kommunen ikke fulgte indstillingen.",
                                       default=None, alias="ny_forelæggelse")


MEETING_CLOCK = "Klokkeslæt for mødet (TT:MM), fx '09:30'. Bruges i mødebrevet til borgeren."
MEETING_PLACE = "Hvor mødet holdes: adresse og lokale, eller 'telefon' eller 'video'. Bruges i mødebrevet."
MEETING_MINUTES = "Hvor mange minutter mødet cirka varer. Bruges i mødebrevet."


def _clock():
    return _d(MEETING_CLOCK, default=None, alias="klokkeslæt")


def _place():
    return _d(MEETING_PLACE, default=None)


def _minutes():
    return _d(MEETING_MINUTES, default=None, ge=5, le=480)


class Rehabiliteringsteam(Model):
    moededato: Dato | None = _d("Dato for mødet i rehabiliteringsteamet.", default=None, alias="mødedato")
    klokkeslaet: Klokkeslaet | None = _clock()
    sted: Tekst | None = _place()
    varighed_minutter: int | None = _minutes()
    deltagere: list[Teamdeltager] = _d("Teamets deltagere.", default_factory=list)
    bisidder: Tekst | None = _d("Borgerens bisidder på mødet (navn og relation, fx 'Julie Madsen, søster'), hvis "
                                "borgeren havde en med.", default=None)
    indstilling: Indstilling | None = _d("Teamets indstilling.", default=None)
    anbefalede_indsatser: list[Tekst] = _d("De indsatser teamet anbefaler.", default_factory=list)
    varighed: Varighed | None = _d("Anbefalet varighed.", default=None)
    opfoelgning: Tekst | None = _d("Hvordan opfølgningen tilrettelægges.", default=None, alias="opfølgning")
    begrundelse: Tekst | None = _d("Teamets begrundelse.", default=None)
    kommunens_afgoerelse: Afgoerelse | None = _d("Kommunens afgørelse.", default=None,
                                                 alias="kommunens_afgørelse")


class Aktoer(Model):
    id: AktoerId = _d("Kort id brugt i relationer, hændelser og indsatser, fx 'mentor'.")
    navn: Tekst = _d("Navn.")
    rolle: Tekst = _d("Rolle, fx 'koordinerende sagsbehandler', 'mentor', 'bostøttemedarbejder', "
                      "'misbrugsbehandler', 'psykolog', 'pårørende'.")
    organisation: Tekst | None = _d("Organisation eller afdeling.", default=None)
    sektor: Sektor = _d(
        "Sektor. Fagpersoner: beskæftigelse, social, sundhed, uddannelse og virksomhed (en arbejdsgiver eller "
        "praktikvirksomhed; kontaktpersonen der er fagperson). Privatpersoner: familie og privatperson (ven, nabo). "
        "Civilsamfund: privatperson, medmindre 'fagperson: ja'.")
    fagperson: JaNej | None = _d(
        "Kun for sektor civilsamfund: 'ja' hvis aktøren er ansat fagperson (fx konsulent i en forening), 'nej' "
        "eller udeladt hvis frivillig eller privatperson. Afgør om navnet skjules i pseudonymiseret materiale.",
        default=None)
    kerneopgave: Tekst | None = _d("Aktørens kerneopgave i forløbet.", default=None)
    telefon: Tekst | None = _d("Telefon.", default=None)
    email: Tekst | None = _d("E-mail.", default=None)
    adresse: Tekst | None = _d("Adresse; en privatpersons adresse udelades i supervisionsmateriale og fjernes fra "
                               "noterne.", default=None)
    cvr: Annotated[str, Field(pattern=r"^\d{8}$"), AsWritten] | None = _d("CVR-nummer for en virksomhed.",
                                                                         default=None)

    @field_validator("fagperson")
    @classmethod
    def _one_answer(cls, value: bool | None, info: ValidationInfo) -> bool | None:
        sector = info.data.get("sektor")
        if value is not None and sector is not None and sector not in OPEN_SECTORS:
            raise PydanticCustomError(
                "fagperson_givet_af_sektor",
                "'fagperson' bruges kun ved sektor civilsamfund; sektor '{sector}' er altid {kind}",
                {"sector": sector, "kind": "fagperson" if sector in PROFESSIONAL_SECTORS else "privatperson"})
        return value

    @property
    def er_fagperson(self) -> bool:
        """Professionals act in their job (an employer contact too); relatives, friends and volunteers do not."""
        if self.sektor in OPEN_SECTORS:
            return bool(self.fagperson)
        return self.sektor in PROFESSIONAL_SECTORS


class Vurdering(Model):
    """The toolkit's own 1-5 ratings of a tie, inspired by relational coordination."""

    model_config = ConfigDict(json_schema_extra={
        "description": "Forløbs egen vurdering (1-5) af samarbejdet, inspireret af relationel koordinering."})

    hyppighed: int | None = _d("Hyppig nok kommunikation (1-5).", default=None, ge=1, le=5)
    rettidighed: int | None = _d("Kommunikation i tide (1-5).", default=None, ge=1, le=5)
    praecision: int | None = _d("Præcis kommunikation (1-5).", default=None, ge=1, le=5, alias="præcision")
    problemloesning: int | None = _d("Problemløsende frem for bebrejdende (1-5).", default=None, ge=1, le=5,
                                     alias="problemløsning")
    faelles_maal: int | None = _d("Fælles mål (1-5).", default=None, ge=1, le=5, alias="fælles_mål")
    faelles_viden: int | None = _d("Kendskab til hinandens opgaver (1-5).", default=None, ge=1, le=5,
                                   alias="fælles_viden")
    gensidig_respekt: int | None = _d("Gensidig respekt (1-5).", default=None, ge=1, le=5)


class Relation(Model):
    mellem: tuple[AktoerRef, AktoerRef] = _d("De to aktører (id'er); 'borger' er borgeren.")
    kontakt: Kontakt = _d("Hvor ofte de har kontakt.")
    valens: Valens = _d("Relationens karakter.", default="neutral")
    seneste_kontakt: Dato | None = _d("Dato for seneste kontakt.", default=None)
    vurdering: Vurdering | None = _d("Vurdering af samarbejdet (1-5).", default=None)
    note: Tekst | None = _d("Bemærkning.", default=None)

    @model_validator(mode="after")
    def _two_different(self) -> Relation:
        if self.mellem[0] == self.mellem[1]:
            raise PydanticCustomError("relation_selv", "en relation skal være mellem to forskellige aktører")
        return self


class Haendelse(Model):
    dato: Dato = _d("Hvornår.")
    type: Haendelsestype = _d("Klage, ros, uenighed, sideaftale eller fremskridt.")
    fra: AktoerRef | None = _d("Hvem (id) der klager, roser eller er uenig.", default=None)
    om: AktoerRef | None = _d("Hvem (id) det handler om.", default=None)
    til: AktoerRef | None = _d("Hvem (id) det blev sagt til.", default=None)
    taget_op_med_den_omtalte: JaNej | None = _d("Blev det taget op med den omtalte selv?", default=None)
    tilbagemeldt: JaNej | None = _d("Blev det meldt tilbage eller drøftet i fællesskab (løkken lukket)?",
                                    default=None)
    emne: Literal["mål", "tempo", "krav", "andet"] | None = _d("Hvad en uenighed handler om.", default=None)
    note: Tekst | None = _d("Hvad der skete, gerne med borgerens ord.", default=None)

    @model_validator(mode="after")
    def _parties(self) -> Haendelse:
        if self.type in ("klage", "ros", "uenighed") and (self.fra is None or self.om is None):
            raise PydanticCustomError(
                "haendelse_parter", "en hændelse af typen '{type}' skal have både 'fra' og 'om'",
                {"type": self.type})
        return self


class Forlaengelse(Model):
    besluttet: Dato = _d("Dato for beslutningen om at forlænge.")
    til: Dato = _d("Ny slutdato.")
    begrundelse: Tekst | None = _d("Hvorfor indsatsen forlænges.", default=None)


class Indsats(Model):
    id: AktoerId = _d("Kort id for indsatsen, fx 'praktik1'.")
    titel: Tekst = _d("Fx 'Virksomhedspraktik i Netto, Stationsvej'.")
    type: Indsatstype = _d("Beskæftigelse, uddannelse, social eller sundhed.")
    kategori: Indsatskategori = _d("Hvilken slags indsats det er; reglerne for fx virksomhedspraktik og mentor "
                                   "bruger den.")
    lovgrundlag: Tekst | None = _d("Fx 'LAB § 61' eller 'SEL § 85'.", default=None)
    ansvarlig: AktoerRef | None = _d("Id for den aktør der leverer indsatsen.", default=None)
    omfang: Tekst | None = _d("Fx '1½ time hver 14. dag' eller '10 timer om ugen'.", default=None)
    start: Dato | None = _d("Startdato.", default=None)
    slut: Dato | None = _d("Slutdato.", default=None)
    status: Indsatsstatus = _d("Status.", default="planlagt")
    formaal: Tekst | None = _d("Hvorfor indsatsen er valgt.", default=None, alias="formål")
    anmodet: Dato | None = _d("Dato for borgerens anmodning (fx om misbrugsbehandling, der skal starte inden for "
                              "14 dage).", default=None)
    forlaengelser: list[Forlaengelse] = _d("Besluttede forlængelser, fx af en virksomhedspraktik.",
                                           default_factory=list, alias="forlængelser")
    resultat: Tekst | None = _d("Hvad indsatsen førte til.", default=None)
    arbejdsevne: Tekst | None = _d("Hvad indsatsen viste om borgerens arbejdsevne (til den samlede beskrivelse).",
                                   default=None)
    arbejdsopgaver: Tekst | None = _d("I en virksomhedsrettet indsats: opgaverne i virksomheden.", default=None)
    skaanehensyn: Tekst | None = _d("I en virksomhedsrettet indsats: de skånehensyn virksomheden tager.",
                                    default=None, alias="skånehensyn")
    kontaktperson: AktoerRef | None = _d("Id for borgerens kontaktperson i virksomheden eller tilbuddet, når det er "
                                         "en anden end den ansvarlige.", default=None)

    @property
    def er_virksomhedsrettet(self) -> bool:
        """Efforts at a workplace (LAB chapter 11 and the like) get their own section in the plans."""
        return self.kategori in COMPANY_BASED or bool(self.arbejdsopgaver or self.skaanehensyn)

    @property
    def planlagt_slut(self) -> date | None:
        """The end date after the latest extension."""
        return max((f.til for f in self.forlaengelser), default=self.slut)

    @model_validator(mode="after")
    def _ordered(self) -> Indsats:
        _check_order(self.start, self.slut, "slut", "start")
        return self


class Delmaal(Model):
    tekst: Tekst = _d("Delmålet.")
    frist: Dato | None = _d("Hvornår det skal være nået.", default=None)
    status: Delmaalsstatus = _d("Status.", default="ikke påbegyndt")
    involverede: list[AktoerRef] = _d("Aktører (id'er) der arbejder sammen om delmålet; de skal have en direkte "
                                      "kanal.", default_factory=list)


class Maal(Model):
    beskaeftigelsesmaal: Tekst | None = _d("Det konkrete beskæftigelses- eller uddannelsesmål.", default=None,
                                          alias="beskæftigelsesmål")
    borgerens_egne_ord: Tekst | None = _d("Målet med borgerens egne ord.", default=None)
    delmaal: list[Delmaal] = _d("Delmål på vejen.", default_factory=list, alias="delmål")


class Samtale(Model):
    dato: Dato = _d("Dato.")
    form: Samtaleform = _d("Hvordan samtalen holdes.", default="fremmøde")
    status: Samtalestatus = _d("Afholdt, planlagt, aflyst eller udeblevet.", default="afholdt")
    deltagere: list[AktoerRef] = _d("Deltagere (id'er).", default_factory=list)
    referat: Tekst | None = _d("Kort referat eller dagsorden.", default=None)
    klokkeslaet: Klokkeslaet | None = _clock()
    sted: Tekst | None = _place()
    varighed_minutter: int | None = _minutes()


class Udviklingsnote(Model):
    dato: Dato = _d("Hvornår.")
    note: Tekst = _d("Iagttagelse af borgerens udvikling.")
    kilde: AktoerRef | None = _d("Hvem iagttog det (id).", default=None)
    faktor: Tekst | None = _d("Progressionsfaktor: hvad der flyttede sig, fx 'mødestabilitet', 'timetal', "
                              "'sociale kompetencer' eller 'helbred'. Noter med en faktor står i "
                              "rehabiliteringsplanen under 'Progression'.", default=None)
    retning: Literal["frem", "tilbage", "uændret"] | None = _d("Om det gik frem, tilbage eller var uændret.",
                                                               default=None)


class Aftale(Model):
    tekst: Tekst = _d("Aftalen.")
    ansvarlig: AktoerRef | None = _d("Hvem (id) der står for den.", default=None)
    frist: Dato | None = _d("Frist.", default=None)
    opfyldt: JaNej | None = _d("Om aftalen er opfyldt; en opfyldt aftale forsvinder fra opfølgningsplanen.",
                               default=None)
    involverede: list[AktoerRef] = _d("Andre aktører (id'er) der er part i aftalen; de skal have en direkte "
                                      "kanal med den ansvarlige og hinanden.", default_factory=list)


class Teammoede(Model):
    """Time, place and members of the next rehabiliteringsteam meeting; its date is ``næste_rehabiliteringsteam``."""

    klokkeslaet: Klokkeslaet | None = _clock()
    sted: Tekst | None = _place()
    varighed_minutter: int | None = _minutes()
    deltagere: list[Teamdeltager] = _d("Hvem der deltager i teamets møde.", default_factory=list)


AfgoerelseOm = Literal["fleksjob", "førtidspension", "fleksjob eller førtidspension"]


class Afgoerelsesmoede(Model):
    """The meeting before a decision on fleksjob or førtidspension under the 2026 rules (no team)."""

    dato: Dato = _d("Dato for mødet.")
    om: AfgoerelseOm = _d("Hvad kommunen skal tage stilling til.", default="fleksjob eller førtidspension")
    klokkeslaet: Klokkeslaet | None = _clock()
    sted: Tekst | None = _place()
    varighed_minutter: int | None = _minutes()
    deltagere: list[AktoerRef] = _d("Deltagere (id'er).", default_factory=list)


class Opfoelgning(Model):
    plan: Tekst | None = _d("Hvordan og hvor ofte der følges op, fx 'samtale hver 14. dag'.", default=None)
    samtaleinterval_uger: int | None = _d("Aftalt med borgeren: højst så mange uger mellem samtaler efter de første "
                                          "seks måneder (loven har intet fast interval).", default=None, ge=1, le=52)
    naeste_rehabiliteringsteam: Dato | None = _d("Planlagt dato for forelæggelse i rehabiliteringsteamet.",
                                                 default=None, alias="næste_rehabiliteringsteam")
    rehabiliteringsteam_moede: Teammoede | None = _d(
        "Klokkeslæt, sted, varighed og deltagere for næste møde i rehabiliteringsteamet; datoen står i "
        "'næste_rehabiliteringsteam'.", default=None, alias="rehabiliteringsteam_møde")
    afgoerelsesmoede: Afgoerelsesmoede | None = _d(
        "Planlagt møde med borgeren før kommunens afgørelse om fleksjob eller førtidspension efter reglerne fra "
        "2026, hvor sundhedskoordinatoren rådgiver i stedet for rehabiliteringsteamet.", default=None,
        alias="afgørelsesmøde")

    @model_validator(mode="after")
    def _team_meeting_has_date(self) -> Opfoelgning:
        if self.rehabiliteringsteam_moede is not None and self.naeste_rehabiliteringsteam is None:
            raise PydanticCustomError(
                "teammoede_uden_dato", "'rehabiliteringsteam_møde' kræver en dato i 'næste_rehabiliteringsteam'")
        return self


class Raadgivning(Model):
    dato: Dato | None = _d("Dato for rådgivningen.", default=None)
    fra: Tekst | None = _d("Sundhedskoordinatoren (navn eller funktion, fx 'Sundhedskoordinator, Region "
                           "Midtjylland').", default=None)
    raadgivning: Tekst = _d("Sundhedskoordinatorens rådgivning.", alias="rådgivning")


class Supervision(Model):
    """A joint supervision session of the helpers (Aarhus: the answer to splitting)."""

    dato: Dato = _d("Dato for supervisionen.")
    deltagere: list[AktoerRef] = _d("Deltagere (id'er).", default_factory=list)
    supervisor: Tekst | None = _d("Supervisor, fx 'ekstern supervisor' (rolle, ikke nødvendigvis navn).",
                                  default=None)
    aftaler: list[Tekst] = _d("Det der blev aftalt.", default_factory=list)
    opfoelgning: Dato | None = _d("Hvornår aftalerne følges op.", default=None, alias="opfølgning")
    note: Tekst | None = _d("Kort referat.", default=None)


MAX_SCORE = 1000
POINTS = {"ge": -MAX_SCORE, "le": MAX_SCORE}
"""Weights are small numbers; the bound keeps scores printable and sums away from overflow."""


class Netvaerksindstillinger(Model):
    """Every weight and threshold of the network analysis, in one place (docs/network design).

    The defaults follow the design reference; a case file may override any of them.
    """

    uger_uden_kontakt: int = _d("Et påkrævet bånd uden kontakt i så mange uger tæller som svagt.", default=6,
                                ge=1, le=520)
    svag_vurdering_under: float = _d("Et bånd med gennemsnitlig vurdering under dette tal tæller som svagt.",
                                     default=3.5, ge=1, le=5)
    koordinering_middel_fra: float = _d("Koordineringsbelastning fra dette tal er 'middel'.", default=8, ge=0,
                                        le=MAX_SCORE)
    koordinering_hoej_fra: float = _d("Koordineringsbelastning fra dette tal er 'høj'.", default=16, ge=0,
                                      le=MAX_SCORE, alias="koordinering_høj_fra")
    point_klage_til_anden: int = _d("Point for hver klage over den ene fremført for den anden og ikke taget op "
                                    "med den omtalte.", default=2, **POINTS)
    klager_maks: int = _d("Højst så mange klager tæller med pr. par.", default=2, ge=0, le=100)
    point_ingen_direkte_kanal: int = _d("Point når et påkrævet par ikke har aktiv direkte kontakt.", default=2,
                                        **POINTS)
    point_polarisering: int = _d("Point når borgeren er positiv over for den ene og negativ over for den anden.",
                                 default=1, **POINTS)
    point_uenighed: int = _d("Point for registreret uenighed mellem de to om mål, tempo eller krav.", default=2,
                             **POINTS)
    point_negativ_relation: int = _d("Point når relationen mellem de to er negativ.", default=2, **POINTS)
    point_loekke_lukket: int = _d("Point (normalt negativt) pr. klage der er meldt tilbage eller drøftet i "
                                  "fællesskab.", default=-1, alias="point_løkke_lukket", **POINTS)
    point_idealisering: int = _d("Point når borgeren roser den ene, mens den anden er klaget over (idealisering, "
                                 "en del af polariseringen).", default=1, **POINTS)
    point_sideaftale: int = _d("Point for en sideaftale med den ene, som går uden om den anden (svækker den "
                               "fælles front).", default=2, **POINTS)
    splitting_middel_fra: int = _d("Splittingrisiko for et par fra dette tal er 'middel'.", default=3, **POINTS)
    splitting_hoej_fra: int = _d("Splittingrisiko for et par fra dette tal er 'høj'.", default=6,
                                 alias="splitting_høj_fra", **POINTS)


class PaakraevedeKanaler(Model):
    tilfoej: list[tuple[AktoerRef, AktoerRef]] = _d(
        "Par der også skal have direkte kontakt, ud over den koordinerende sagsbehandler og hver leverandør af en "
        "aktiv indsats, leverandører af indsatser der afhænger af hinanden, og parter i samme delmål eller aftale.",
        default_factory=list, alias="tilføj")
    fjern: list[tuple[AktoerRef, AktoerRef]] = _d("Par der ikke behøver direkte kontakt.", default_factory=list)


class Netvaerksanalyse(Model):
    inviter: list[AktoerRef] = _d("Frivillige, pårørende eller arbejdsgivere (id'er) der skal inviteres til "
                                  "supervision; fagpersoner i et fund og koordinatoren inviteres altid.",
                                  default_factory=list)
    paakraevede_kanaler: PaakraevedeKanaler = _d(
        "Par af aktører hvis arbejde afhænger af hinanden. Standard: koordinator og hver leverandør af en aktiv "
        "indsats, leverandører af indsatser der afhænger af hinanden, og parter i samme delmål eller aftale.",
        default_factory=PaakraevedeKanaler, alias="påkrævede_kanaler")
    indstillinger: Netvaerksindstillinger = _d("Vægte og grænser i netværksanalysen.",
                                               default_factory=Netvaerksindstillinger)


class Case(Model):
    """One citizen's case file."""

    model_config = ConfigDict(title="Sagsfil for et ressourceforløb", json_schema_extra={
        "description": "Én borgers sag i et ressourceforløb: grundlaget for indsatsplan, rehabiliteringsplan "
                       "og netværksanalyse."})

    schema_version: Literal[3] = _d("Sagsfilens format; denne version af forloeb læser format 3.")
    sag: Sag = _d("Sagen og forløbet.")
    borger: Borger = _d("Borgeren.")
    forberedende_del: ForberedendeDel = _d("Rehabiliteringsplanens forberedende del.",
                                           default_factory=ForberedendeDel)
    rehabiliteringsteam: Rehabiliteringsteam | None = _d("Rehabiliteringsteamets møde og indstilling.",
                                                         default=None)
    aktoerer: list[Aktoer] = _d("Alle der er involveret omkring borgeren.", default_factory=list,
                                alias="aktører")
    relationer: list[Relation] = _d("Kontakt mellem aktørerne og mellem borger og aktører.",
                                    default_factory=list)
    haendelser: list[Haendelse] = _d("Daterede hændelser i samarbejdet.", default_factory=list,
                                     alias="hændelser")
    maal: Maal = _d("Mål og delmål.", default_factory=Maal, alias="mål")
    indsatser: list[Indsats] = _d("Indsatserne i forløbet.", default_factory=list)
    samtaler: list[Samtale] = _d("Samtaler med den koordinerende sagsbehandler.", default_factory=list)
    opfoelgning: Opfoelgning = _d("Plan for opfølgning.", default_factory=Opfoelgning, alias="opfølgning")
    aftaler: list[Aftale] = _d("Aftaler i indsatsplanen.", default_factory=list)
    udvikling: list[Udviklingsnote] = _d("Borgerens udvikling over tid.", default_factory=list)
    supervisioner: list[Supervision] = _d("Fælles supervisioner med hjælperne omkring borgeren.",
                                          default_factory=list)
    borgerens_syn: Tekst | None = _d("Borgerens eget syn på forløbet og fremtiden, med borgerens egne ord "
                                     "(til den samlede beskrivelse).", default=None)
    sundhedskoordinatorens_raadgivning: Raadgivning | None = _d(
        "Sundhedskoordinatorens rådgivning før afgørelse om fleksjob eller førtidspension (efter reformen).",
        default=None, alias="sundhedskoordinatorens_rådgivning")
    netvaerksanalyse: Netvaerksanalyse = _d("Tilpasning af netværksanalysen for denne sag.",
                                            default_factory=Netvaerksanalyse, alias="netværksanalyse")
    _linjer: dict[int, int] | None = PrivateAttr(default=None)
    _ved_id: tuple[list, dict] | None = PrivateAttr(default=None)
    """Case-file line of each listed item (``toolkit.model.lines``); set by the loader."""

    def aktoer(self, actor_id: str) -> Aktoer | None:
        """The actor with this id, or ``None`` for the citizen and unknown ids."""
        # An index by id, rebuilt whenever the list is another object (a copy with other actors).
        if self._ved_id is None or self._ved_id[0] is not self.aktoerer:
            self._ved_id = (self.aktoerer, {a.id: a for a in reversed(self.aktoerer)})
        return self._ved_id[1].get(actor_id)

    @property
    def har_indsatsdel(self) -> bool:
        """The rehabiliteringsplan's indsatsdel exists only once a ressourceforløb is granted."""
        return self.sag.forloeb == "ressourceforløb" and self.sag.bevilget is not None
