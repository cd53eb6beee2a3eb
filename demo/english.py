"""The demo's texts for residents in English, so that /en/ reads as an English-speaking
resident would find it once a municipality has translated its texts.

ILLUSTRATIVE: Sunne published its case in Swedish only. These English texts are the demo's own
translations, marked "(illustrative)" where the Swedish text is marked "(illustrativt)". They
are filled in where a text has no English version yet, matched on the Swedish text as the demo
writes it, so running the seed again changes nothing.
"""

from __future__ import annotations

from modeltranslation.translator import translator

ENGLISH = {
    # The processes
    "Vision 2025 – Sunne kommuns strategi": "Vision 2025 – Sunne municipality's strategy",
    "Medborgardialog om ny översiktsplan (illustrativt)": (
        "Citizen dialogue on a new comprehensive plan (illustrative)"
    ),
    "Cykelväg längs Fryken (illustrativt)": "A cycle path along Lake Fryken (illustrative)",
    "Att i bred dialog med invånare, föreningar, företag och medarbetare ta fram en ny "
    "kommunstrategi med vision, övergripande mål och mätbara mål för Sunne 2025, enligt "
    "Sunnemodellen.": (
        "To draw up, in a broad dialogue with residents, associations, businesses and staff, "
        "a new municipal strategy with a vision, overall goals and measurable targets for "
        "Sunne 2025, following the Sunne model."
    ),
    "Ett påhittat exempel där dialogen är öppen: lämna din synpunkt på webben, eller träffa "
    "oss på torget.": (
        "A made-up example where the dialogue is open: give your opinion on the web, or meet "
        "us in the square."
    ),
    "Ett påhittat exempel på en process som planeras: se vad som saknas.": (
        "A made-up example of a process being planned: see what is missing."
    ),
    "Vad Sunne ska vara känt för, hur det ska se ut och vad som får människor att bo kvar och "
    "flytta hit 2025: visionen, de övergripande målen och de mätbara målen. Budget och "
    "enskilda myndighetsbeslut ingår inte.": (
        "What Sunne should be known for, what it should look like and what makes people stay "
        "and move here in 2025: the vision, the overall goals and the measurable targets. The "
        "budget and individual decisions of the authorities are not part of it."
    ),
    "Var cykelvägen ska gå och vad som behövs längs den.": (
        "Where the cycle path should run and what is needed along it."
    ),
    "Varje synpunkt registreras och kodas i kategorier. Beredningen väver samman kategorierna "
    "med den politiska viljan, platsvarumärket och Värmlandsstrategin till ett förslag som "
    "går ut på remiss.": (
        "Every opinion is written down and sorted into categories. The drafting committee "
        "weaves the categories together with the political will, the place brand and the "
        "Värmland strategy into a proposal that is sent out for consultation."
    ),
    "Synpunkterna sammanställs och går till tekniska nämnden.": (
        "The opinions are summarised and go to the technical committee."
    ),
    "När fullmäktige har antagit strategin får varje hushåll en broschyr som berättar vad som "
    "kom in och vad som beslutades.": (
        "When the council has adopted the strategy, every household gets a brochure telling "
        "what came in and what was decided."
    ),
    "En sammanställning publiceras på kommunens webbplats.": (
        "A summary is published on the municipality's website."
    ),
    "Möt människor där de är: i lanthandeln, i skidbacken, på ungdomsmässan.\n"
    "Skriv ner spelreglerna och förväntningarna innan ni börjar.\n"
    "Blanda grupperna: invånare, politiker och medarbetare vid samma bord.\n"
    "Använd pressmeddelanden för att berätta var och när ni finns.\n"
    "Äg processen: beredningen och tjänstemannastödet håller i den från uppdrag till beslut.\n"
    "Ge återkoppling till dem som deltog.": (
        "Meet people where they are: in the village shop, on the ski slope, at the youth fair.\n"
        "Write down the rules of the game and what to expect before you begin.\n"
        "Mix the groups: residents, politicians and staff at the same table.\n"
        "Use press releases to tell where and when you will be.\n"
        "Own the process: the drafting committee and its staff hold it from mandate to "
        "decision.\n"
        "Tell those who took part what became of it."
    ),
    "Kommunfullmäktige beslutar att en fullmäktigeberedning ska ta fram en ny kommunstrategi "
    "i bred dialog enligt Sunnemodellen. Beredningens tjänstemannastöd är kommunens "
    "tillväxtstrateg.": (
        "The municipal council decides that a council drafting committee shall draw up a new "
        "municipal strategy in a broad dialogue following the Sunne model. The committee is "
        "supported by the municipality's growth strategist."
    ),
    "Kommunstyrelsen ger förvaltningen i uppdrag att föra dialog om cykelvägen.": (
        "The municipal executive board asks the administration to hold a dialogue on the "
        "cycle path."
    ),
    # The questions of the open process
    "Var vill du kunna cykla längs Fryken?": "Where do you want to be able to cycle along Fryken?",
    "Vad behövs för att du ska välja cykeln?": "What would make you choose the bicycle?",
    # The events
    "Dialog på torget": "Dialogue in the square",
    "Intervjuer i Ski Sunne": "Interviews at Ski Sunne",
    "Intervjuer i Sunne centrum": "Interviews in Sunne town centre",
    "Intervjuer i lanthandeln, Gräsmark": "Interviews in the village shop, Gräsmark",
    "Intervjuer i lanthandeln, Lysvik": "Interviews in the village shop, Lysvik",
    "Intervjuer i lanthandeln, Västra Ämtervik": "Interviews in the village shop, Västra Ämtervik",
    "Intervjuer i lanthandeln, Östra Ämtervik": "Interviews in the village shop, Östra Ämtervik",
    "Monter på ungdomsmässan": "A stall at the youth fair",
    "Open Space för hela Sunne": "Open Space for all of Sunne",
    "Workshop med invånare, politiker och medarbetare": (
        "Workshop with residents, politicians and staff"
    ),
    "Workshop med kommunstyrelsen": "Workshop with the municipal executive board",
    "Workshop med ledningsgruppen": "Workshop with the management group",
    "Workshop med socialnämnden": "Workshop with the social services committee",
    "Kommunhuset, Sunne": "The town hall, Sunne",
    "Kulturhuset, Sunne": "The House of Culture, Sunne",
    "Lanthandeln i Gräsmark": "The village shop in Gräsmark",
    "Lanthandeln i Lysvik": "The village shop in Lysvik",
    "Lanthandeln i Västra Ämtervik": "The village shop in Västra Ämtervik",
    "Lanthandeln i Östra Ämtervik": "The village shop in Östra Ämtervik",
    "Ski Sunne": "Ski Sunne",
    "Storgatan, Sunne": "Storgatan (the high street), Sunne",
    "Sunne sporthall": "Sunne sports hall",
    "Torget, Sunne": "The square, Sunne",
    "Alla som bor eller verkar i Sunne": "Everyone who lives or works in Sunne",
    "Alla som handlar": "Everyone out shopping",
    "Alla som är på stan": "Everyone in town",
    "Alla som är på torget": "Everyone in the square",
    "Invånare, politiker och medarbetare i blandade grupper": (
        "Residents, politicians and staff in mixed groups"
    ),
    "Kommunens ledningsgrupp": "The municipality's management group",
    "Kommunstyrelsen": "The municipal executive board",
    "Skidåkare, besökare och säsongsboende": "Skiers, visitors and seasonal residents",
    "Socialnämnden": "The social services committee",
    "Unga i högstadiet och gymnasiet": "Young people in secondary and upper secondary school",
    "Butiken har entré i marknivå men ingen hörslinga. Hör av dig i förväg om du behöver "
    "stöd, så kommer vi till dig.": (
        "The shop has a step-free entrance but no hearing loop. Get in touch beforehand if "
        "you need support, and we will come to you."
    ),
    "Entré utan trappsteg, tillgänglig toalett, hörslinga och parkering för rörelsehindrade "
    "vid entrén.": (
        "Step-free entrance, accessible toilet, hearing loop and disabled parking by the entrance."
    ),
    # The codebooks
    "Arbete och näringsliv": "Work and business",
    "Boende och bostäder": "Living and housing",
    "Fritid och idrott": "Leisure and sport",
    "Kommunikationer och vägar": "Transport and roads",
    "Kultur och evenemang": "Culture and events",
    "Natur och miljö": "Nature and the environment",
    "Natur och utsikt": "Nature and views",
    "Omsorg och hälsa": "Care and health",
    "Service och handel på landsbygden": "Services and shops in the countryside",
    "Skola och utbildning": "School and education",
    "Sträckning": "Route",
    "Säkerhet": "Safety",
    "Turism": "Tourism",
    "Turism och besöksnäring": "Tourism and the visitor economy",
    # The strategy
    "Vision 2025": "Vision 2025",
    "Sunne är platsen där modet växer, livet är enkelt och allting är möjligt.": (
        "Sunne is the place where courage grows, life is easy and everything is possible."
    ),
    "Den politiska viljan": "The political will",
    "Platsvarumärket Sunne": "The Sunne place brand",
    "Värmlandsstrategin": "The Värmland strategy",
    "I Sunne är allting möjligt för unga och gamla": (
        "In Sunne everything is possible for young and old"
    ),
    "Livet i Sunne är enkelt": "Life in Sunne is easy",
    "Sunne växer med mod och företagsamhet": "Sunne grows with courage and enterprise",
    "Sunne är känt för natur, kultur och gästfrihet": (
        "Sunne is known for its nature, culture and hospitality"
    ),
    "Besöksnäring, natur och kulturarv. (illustrativt)": (
        "The visitor economy, nature and heritage. (illustrative)"
    ),
    "Boende, kommunikationer och service i hela kommunen. (illustrativt)": (
        "Housing, transport and services in the whole municipality. (illustrative)"
    ),
    "Näringsliv, entreprenörskap och arbete. (illustrativt)": (
        "Business, enterprise and work. (illustrative)"
    ),
    "Skola, kultur, fritid och omsorg. (illustrativt)": (
        "School, culture, leisure and care. (illustrative)"
    ),
    "%": "%",
    "% av landarealen": "% of the land area",
    "NRI": "NRI",
    "besök": "visits",
    "betyg": "rating",
    "dagar": "days",
    "hektar": "hectares",
    "km": "km",
    "mnkr": "SEK million",
    "nätter": "nights",
    "personer": "people",
    "resor": "journeys",
    "arrangemang": "events",
    "bostäder": "homes",
    "butiker": "shops",
    "evenemang": "events",
    "företag": "businesses",
    "veckor": "weeks",
    "Arbetslöshet 18–24 år": "Unemployment, ages 18–24",
    "Badplatser med godkänt vatten": "Bathing places with approved water",
    "Besök på biblioteket per invånare": "Library visits per resident",
    "Besökare som vill komma tillbaka": "Visitors who want to come back",
    "Betyg på företagsklimatet": "Rating of the business climate",
    "Dagligvarubutiker i kyrkbyarna": "Grocery shops in the church villages",
    "Elever i åk 9 behöriga till gymnasiet": ("Year 9 pupils eligible for upper secondary school"),
    "Evenemang med fler än 1 000 besökare": "Events with more than 1,000 visitors",
    "Fler företag": "More businesses",
    "Förvärvsarbetande 20–64 år": "People in work, ages 20–64",
    "Gymnasieelever med examen inom fyra år": (
        "Upper secondary pupils graduating within four years"
    ),
    "Gästnätter": "Guest nights",
    "Gång- och cykelväg": "Footpaths and cycle paths",
    "Handläggningstid för bygglov": "Time to handle a building permit",
    "Hushåll med bredband om minst 100 Mbit/s": "Households with broadband of at least 100 Mbit/s",
    "Invånare": "Residents",
    "Invånare som rekommenderar Sunne": "Residents who recommend Sunne",
    "Kollektivtrafikresor per invånare": "Public transport journeys per resident",
    "Kulturarrangemang per år": "Cultural events a year",
    "Mark för företag i antagna planer": "Land for businesses in adopted plans",
    "Nya bostäder per år": "New homes a year",
    "Nystartade företag per 1 000 invånare": "New businesses per 1,000 residents",
    "Ohälsotal": "Sickness absence (days per person)",
    "Omsättning i besöksnäringen": "Turnover of the visitor economy",
    "Skyddad natur": "Protected nature",
    "Unga som är nöjda med sin fritid": "Young people satisfied with their leisure time",
    "Väntetid till särskilt boende": "Waiting time for a place in a care home",
    "Äldre som är nöjda med hemtjänsten": "Older people satisfied with home care",
    # The remiss and the decision
    "Badplatserna behöver skötas.": "The bathing places need looking after.",
    "Inför ett mål om handläggningstid för bygglov.": (
        "Add a target for the time to handle a building permit."
    ),
    "Mät väntetiden till särskilt boende.": "Measure the waiting time for a care home.",
    "Skriv in de äldres inflytande över sin vardag i mål 3.": (
        "Write older people's say over their daily lives into goal 3."
    ),
    "Sänk kommunalskatten för att locka företag.": "Lower the municipal tax to attract businesses.",
    "Inflytandet lyfts i texten; ett eget mätbart mål väntar på en mätmetod.": (
        "Their say is raised in the text; a measurable target of its own waits for a way to "
        "measure it."
    ),
    "Skattesatsen beslutas i budgeten, inte i kommunstrategin.": (
        "The tax rate is decided in the budget, not in the municipal strategy."
    ),
    "Kommunfullmäktige antar Vision 2025 med övergripande mål och mätbara mål.": (
        "The municipal council adopts Vision 2025 with its overall goals and measurable targets."
    ),
}


def english_seed() -> int:
    """Give every demo text that has no English version the one above. Returns how many."""
    filled = 0
    for model in translator.get_registered_models(abstract=False):
        if hasattr(model, "instance_type"):  # a history (django-simple-history) is left as it was
            continue
        fields = translator.get_options_for_model(model).fields
        changed = {}
        for row in model.objects.rewrite(False).all():
            for field in fields:
                english = ENGLISH.get(getattr(row, f"{field}_sv") or "")
                if english and not (getattr(row, f"{field}_en") or "").strip():
                    setattr(row, f"{field}_en", english)
                    changed[row.pk] = row
                    filled += 1
        if changed:
            model.objects.rewrite(False).bulk_update(
                changed.values(), [f"{field}_en" for field in fields]
            )
    return filled
