from django.shortcuts import render


def import_start(request):
    return render(request, "interop/import_start.html")
