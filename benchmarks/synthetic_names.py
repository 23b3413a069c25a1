"""Seeded synthetic persons with the names of the region, in Arabic script and Latin variants.

Used as distractors (accuracy) and as the 1,000,000-person watch list (speed). Given names follow a
Zipf-like law (Mohamed is very common), family names are built from roots with the region's
patterns (nisba -i, Ben/Bou/Ould/Bel/El prefixes), and each person gets the Arabic form plus one or
two Latin spellings drawn from French/English habits (ou/u, ch/sh, dj/j, doubled letters, final e)."""

from __future__ import annotations

import random
from collections.abc import Iterator

from hudud.screening.entries import BirthDate, EntryName, ListEntry

GIVEN_M = [
    ("محمد", "Mohamed"), ("أحمد", "Ahmed"), ("علي", "Ali"), ("عبد الله", "Abdallah"), ("يوسف", "Youssef"),
    ("إبراهيم", "Ibrahim"), ("عمر", "Omar"), ("حسن", "Hassan"), ("حسين", "Hussein"), ("خالد", "Khaled"),
    ("مصطفى", "Mustapha"), ("عبد القادر", "Abdelkader"), ("سعيد", "Said"), ("كريم", "Karim"),
    ("رشيد", "Rachid"), ("جمال", "Djamel"), ("نور الدين", "Noureddine"), ("صالح", "Salah"),
    ("عبد الرحمن", "Abderrahmane"), ("موسى", "Moussa"), ("عثمان", "Othmane"), ("إسماعيل", "Ismail"),
    ("إدريس", "Idriss"), ("سليمان", "Souleymane"), ("ياسين", "Yacine"), ("بلال", "Bilal"),
    ("هشام", "Hicham"), ("طارق", "Tarek"), ("سمير", "Samir"), ("مراد", "Mourad"), ("فيصل", "Fayçal"),
    ("عادل", "Adel"), ("نبيل", "Nabil"), ("وليد", "Walid"), ("منير", "Mounir"), ("لحسن", "Lahcen"),
    ("الطاهر", "Tahar"), ("عبد العزيز", "Abdelaziz"), ("حمزة", "Hamza"), ("أنور", "Anouar"),
    ("مختار", "Mokhtar"), ("محمود", "Mahmoud"), ("عيسى", "Aissa"), ("جلال", "Djalal"),
    ("شريف", "Cherif"), ("زكريا", "Zakaria"), ("أيوب", "Ayoub"), ("مهدي", "Mehdi"), ("حميد", "Hamid"),
    ("بوبكر", "Boubacar"), ("أسامة", "Oussama"), ("عبد الحميد", "Abdelhamid"), ("فؤاد", "Fouad"),
    ("توفيق", "Toufik"), ("رضا", "Reda"), ("سفيان", "Soufiane"), ("ناصر", "Nasser"), ("عماد", "Imad"),
    ("يحيى", "Yahia"), ("زين العابدين", "Zine El Abidine"), ("العربي", "Larbi"), ("المهدي", "El Mehdi"),
]  # fmt: skip
GIVEN_F = [
    ("فاطمة", "Fatima"), ("عائشة", "Aicha"), ("مريم", "Meriem"), ("خديجة", "Khadija"), ("زينب", "Zineb"),
    ("نادية", "Nadia"), ("سعاد", "Souad"), ("ليلى", "Leila"), ("أمينة", "Amina"), ("حياة", "Hayat"),
    ("سميرة", "Samira"), ("نعيمة", "Naima"), ("كريمة", "Karima"), ("حليمة", "Halima"), ("وفاء", "Wafa"),
    ("سلمى", "Salma"), ("يمينة", "Yamina"), ("جميلة", "Djamila"), ("رشيدة", "Rachida"), ("هدى", "Houda"),
]  # fmt: skip
ROOTS = [
    ("عمران", "Amran"), ("حداد", "Haddad"), ("مختار", "Mokhtar"), ("ضياف", "Diaf"), ("تفليق", "Teflik"),
    ("شريف", "Cherif"), ("قاسم", "Kacem"), ("زروق", "Zerrouk"), ("منصور", "Mansour"), ("سالم", "Salem"),
    ("عزيز", "Aziz"), ("خليل", "Khalil"), ("جيلال", "Djilal"), ("حاج", "Hadj"), ("طيب", "Tayeb"),
    ("عياد", "Ayad"), ("مسعود", "Messaoud"), ("بركان", "Berkane"), ("رحمان", "Rahmane"), ("عباس", "Abbas"),
    ("نصر", "Nasr"), ("زياني", "Ziani"), ("حمدان", "Hamdane"), ("قادر", "Kader"), ("عطار", "Attar"),
    ("سعدان", "Saadane"), ("فرحات", "Ferhat"), ("غزال", "Ghazal"), ("مرزوق", "Merzouk"), ("سلطان", "Soltane"),
    ("شاوي", "Chaoui"), ("دراج", "Derradj"), ("علوان", "Alouane"), ("قريش", "Kouraich"), ("وهاب", "Ouahab"),
    ("جابر", "Djaber"), ("كمال", "Kamel"), ("هاشم", "Hachem"), ("شعبان", "Chaabane"), ("يونس", "Younes"),
    ("رزاق", "Rezzak"), ("بشير", "Bachir"), ("صديق", "Seddik"), ("لعمري", "Laamri"), ("فاسي", "Fassi"),
    ("تازي", "Tazi"), ("زموري", "Zemmouri"), ("مرابط", "Mrabet"), ("بناني", "Bennani"), ("ساحلي", "Sahli"),
    ("قباج", "Guebbaj"), ("عيساوي", "Aissaoui"), ("زغلول", "Zaghloul"), ("خطابي", "Khattabi"), ("دباغ", "Debbagh"),
    ("كتاني", "Kettani"), ("ودغيري", "Oudghiri"), ("صبري", "Sabri"), ("شرقاوي", "Cherkaoui"), ("غربي", "Gharbi"),
    ("تونسي", "Tounsi"), ("جزائري", "Djazairi"), ("مصري", "Masri"), ("سوداني", "Soudani"), ("ليبي", "Libi"),
    ("مالكي", "Maliki"), ("حسني", "Hasni"), ("سنوسي", "Senoussi"), ("عمراني", "Amrani"), ("زياتي", "Zayati"),
]  # fmt: skip
PATTERNS = [  # (arabic template, latin template, weight)
    ("{a}", "{l}", 5), ("ال{a}", "El {l}", 3), ("بن {a}", "Ben {l}", 3), ("بو{a}", "Bou{ll}", 2),
    ("بل{a}", "Bel{ll}", 2), ("ولد {a}", "Ould {l}", 1), ("{a}ي", "{l}i", 3), ("آيت {a}", "Ait {l}", 1),
]  # fmt: skip
COUNTRIES = ["DZA", "MAR", "TUN", "LBY", "EGY", "MRT", "MLI", "NER", "TCD", "SDN", "SEN", "BFA"]

# Latin spelling habits applied at random to make variants of one name.
_VARIANTS = [
    ("ou", "u"), ("u", "ou"), ("ch", "sh"), ("sh", "ch"), ("dj", "j"), ("j", "dj"), ("k", "q"), ("q", "k"),
    ("ss", "s"), ("ee", "i"), ("i", "ee"), ("e", "a"), ("a", "e"), ("ai", "ay"), ("kh", "h"), ("mm", "m"),
]  # fmt: skip


def spelling_variant(name: str, rng: random.Random) -> str:
    """One plausible other Latin spelling of a name (lower-case rules, case restored)."""
    low = name.lower()
    for _ in range(2):
        old, new = rng.choice(_VARIANTS)
        if old in low:
            low = low.replace(old, new, 1)
    if rng.random() < 0.2:
        low = low + "e" if not low.endswith("e") else low[:-1]
    return low.title()


def _zipf(items: list[tuple[str, str]], rng: random.Random, k: int) -> list[tuple[str, str]]:
    weights = [1.0 / (i + 1) ** 0.9 for i in range(len(items))]
    return rng.choices(items, weights=weights, k=k)


def family_names(rng: random.Random) -> list[tuple[str, str]]:
    """Every family name the patterns make from the roots (a few hundred, shuffled)."""
    out = []
    for a, latin in ROOTS:
        for ta, tl, _ in PATTERNS:
            out.append((ta.format(a=a), tl.format(l=latin, ll=latin.lower())))
    rng.shuffle(out)
    return out


def persons(count: int, seed: int = 7, prefix: str = "syn") -> Iterator[ListEntry]:
    """``count`` seeded synthetic listed persons (Arabic name + 1-2 Latin spellings each)."""
    rng = random.Random(seed)
    families = family_names(rng)
    batch = 10_000
    for start in range(0, count, batch):
        n = min(batch, count - start)
        genders = [rng.random() < 0.8 for _ in range(n)]
        given_m = _zipf(GIVEN_M, rng, n)
        fathers = _zipf(GIVEN_M, rng, n)
        given_f = _zipf(GIVEN_F, rng, n)
        fams = _zipf(families, rng, n)
        for i in range(n):
            male = genders[i]
            ga, gl = given_m[i] if male else given_f[i]
            fa, fl = fathers[i]
            sa, sl = fams[i]
            with_father = rng.random() < 0.5
            arabic = f"{ga} {fa} {sa}" if with_father else f"{ga} {sa}"
            latin = f"{gl} {fl} {sl}" if with_father else f"{gl} {sl}"
            names = [EntryName(latin.upper(), "primary"), EntryName(arabic, "good", script="Arabic")]
            if rng.random() < 0.6:
                variant = f"{spelling_variant(gl, rng)} {spelling_variant(sl, rng)}"
                names.append(EntryName(variant, "good"))
            year = rng.randint(1945, 2004)
            dob = (
                BirthDate(year, rng.randint(1, 12), rng.randint(1, 28))
                if rng.random() < 0.7
                else BirthDate(year)
            )
            yield ListEntry(
                id=f"{prefix}-{start + i}",
                list_name="synthetic",
                names=tuple(names),
                birth_dates=(dob,),
                nationalities=(rng.choice(COUNTRIES),),
                gender="M" if male else "F",
            )
