"""Advance passenger information as the domain sees it: manifests (PAXLST) and booking records
(PNRGOV), free of any wire format or storage. Readers in ``hudud.formats`` build these objects;
screening and risk rules read them."""

from hudud.passengers.models import (
    BookedTraveller,
    Booking,
    CheckIn,
    Flight,
    Leg,
    Manifest,
    ManifestTraveller,
    ParseIssue,
    PnrPush,
    Role,
    TravelDocument,
)

__all__ = [
    "BookedTraveller",
    "Booking",
    "CheckIn",
    "Flight",
    "Leg",
    "Manifest",
    "ManifestTraveller",
    "ParseIssue",
    "PnrPush",
    "Role",
    "TravelDocument",
]
