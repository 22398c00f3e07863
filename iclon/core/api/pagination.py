from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination


class PageNumberPagination(BasePageNumberPagination):
    """`page` and `page_size` (at most 100); answers with count, next, previous and results."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            elif parameter["name"] == self.page_size_query_param:
                parameter["description"] = (
                    f"Number of results per page: {self.page_size} unless given, at most {self.max_page_size}."
                )
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters

    def get_paginated_response_schema(self, schema):
        response = super().get_paginated_response_schema(schema)
        # Examples that look like this API, not like DRF's generic ones.
        response["properties"]["next"]["example"] = "https://portal.iclon.example/api/v1/schools/?page=3"
        response["properties"]["previous"]["example"] = "https://portal.iclon.example/api/v1/schools/?page=1"
        return response
