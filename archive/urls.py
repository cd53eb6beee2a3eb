from django.urls import path

from archive import views

staff_patterns = [
    path("processes/<slug:slug>/e-archive/", views.package_make, name="archive_package_make"),
    path("e-archive/<int:pk>.zip", views.package_download, name="archive_package_download"),
]
