from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    """Simplified Chinese unless the user picked another language with the header switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language; a Chongqing bureau's system
    speaks Chinese first, whatever language the officer's browser happens to be set to.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
