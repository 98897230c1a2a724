from demo.models import DemoContent


def portal(request):
    """Site-wide template context: whether demo content is loaded (shown on every page)."""
    return {"demo_content_loaded": DemoContent.objects.exists()}
